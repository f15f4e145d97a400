package io.fenrir.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.core.job.Comparison.Mode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonTest {

    /** '~' is a line break, '_' a space, '>' a tab, so that the table shows whitespace. */
    @ParameterizedTest(name = "{0}: ''{1}'' against ''{2}'' → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            EXACT                    | 42~      | 42~     | true
            EXACT                    | 42       | 42~     | false
            EXACT                    | 42_~     | 42~     | false
            TRIM_TRAILING_WHITESPACE | 42_>~~~  | 42      | true
            TRIM_TRAILING_WHITESPACE | 1_2~3~   | 1_2~3   | true
            TRIM_TRAILING_WHITESPACE | _42~     | 42~     | false
            TRIM_TRAILING_WHITESPACE | 1~~3~    | 1~3~    | false
            TRIM_TRAILING_WHITESPACE | ''       | ~~      | true
            TOKENS                   | 1~2__3~  | 1_2_3   | true
            TOKENS                   | 1_2      | 1_2_3   | false
            TOKENS                   | ''       | ~       | true
            FLOAT                    | 0.3333334| 0.333333| true
            FLOAT                    | 0.334    | 0.333   | false
            FLOAT                    | 1e9~     | 1000000001| true
            FLOAT                    | yes_1.0  | yes_1   | true
            FLOAT                    | no_1.0   | yes_1   | false
            FLOAT                    | NaN      | NaN     | true
            FLOAT                    | NaN      | 1       | false
            FLOAT                    | 1_2      | 1       | false
            """)
    void judgesOutputByItsMode(Mode mode, String actual, String expected, boolean matches) {
        assertThat(Comparison.of(mode).matches(text(actual).getBytes(StandardCharsets.UTF_8), text(expected)))
                .isEqualTo(matches);
    }

    private static String text(String table) {
        return table.replace('~', '\n').replace('_', ' ').replace('>', '\t');
    }
}
