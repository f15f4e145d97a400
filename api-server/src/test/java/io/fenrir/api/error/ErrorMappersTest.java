package io.fenrir.api.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fenrir.api.jobs.SubmitRequest;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        new StrictJson().customize(JSON);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"language":"c","source":"x","args":"notarray"}                | field 'args' must be an array
            {"language":"c","source":"x","limits":{"cpuMs":"x"}}           | field 'limits.cpuMs' must be a number
            {"language":"c","source":"x","limits":{"cpuMs":[1]}}           | field 'limits.cpuMs' must be a number
            {"language":"c","source":"x","limits":{"cpuMs":"5000"}}        | field 'limits.cpuMs' must be a number
            {"language":"c","source":"x","limits":{"cpuMs":""}}            | field 'limits.cpuMs' must be a number
            {"language":"c","source":"x","stdin":5}                        | field 'stdin' must be a string
            {"language":true,"source":"x"}                                 | field 'language' must be a string
            {"language":"c","source":"x","args":["a",1.5]}                 | field 'args[1]' must be a string
            {"language":"c","source":"x","limits":5}                       | field 'limits' must be an object
            {"language":"c","files":["main.c"]}                            | field 'files[0]' must be an object
            {"language":"c","files":[{"name":{},"content":""}]}            | field 'files[0].name' must be a string
            {"language":"c","source":"x","compileArgs":[["-O2"]]}          | field 'compileArgs[0]' must be a string
            ["language","c"]                                               | request body must be an object
            """)
    void valuesOfTheWrongTypeAreA400NamingTheField(String body, String message) {
        Response response = map(body);
        assertThat(response.getStatus()).isEqualTo(400);
        ErrorBody error = (ErrorBody) response.getEntity();
        assertThat(error.error().code()).isEqualTo("invalid_type");
        assertThat(error.error().message()).isEqualTo(message);
    }

    @Test
    void anErrorWorthRetryingCarriesRetryAfterInWholeSecondsRoundedUp() {
        Response response = new ErrorMappers().api(ApiException.unavailable("queue_full", "full", Duration.ofMillis(1500)));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(((ErrorBody) response.getEntity()).error().code()).isEqualTo("queue_full");
        assertThat(ErrorMappers.retryAfterSeconds(Duration.ofMillis(10))).isEqualTo("1");
    }

    @Test
    void anErrorThatRetryingCannotFixHasNoRetryAfter() {
        Response response = new ErrorMappers().api(ApiException.unprocessable("unsupported_language", "cobol"));
        assertThat(response.getHeaderString("Retry-After")).isNull();
    }

    private static Response map(String body) {
        MismatchedInputException[] thrown = new MismatchedInputException[1];
        assertThatThrownBy(() -> JSON.readValue(body, SubmitRequest.class))
                .isInstanceOfSatisfying(MismatchedInputException.class, e -> thrown[0] = e);
        return new ErrorMappers().wrongType(thrown[0]);
    }
}
