package io.fenrir.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.limits.LimitPolicy;
import io.fenrir.core.job.Comparison;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobRuleCases;
import io.fenrir.core.job.JobRuleCases.Rule;
import io.fenrir.core.job.JobRules;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.SourceFile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubmissionValidatorTest {
    private static final int MAX_SOURCE = 1000;
    private static final int MAX_STDIN = 100;
    private static final Limits DEFAULTS = new Limits(5000, 10000, 256, 64, 1048576, 16777216);
    private static final Limits MAXIMA = new Limits(30000, 60000, 1024, 256, 8388608, 67108864);

    /** The submission sizes of FenrirConfig, without booting Quarkus. */
    record Sizes(long maxBodyBytes, int maxSourceBytes, int maxStdinBytes) implements FenrirConfig.Submission {
        @Override
        public long maxDrainedBodyBytes() {
            return 8 * maxBodyBytes;
        }

        @Override
        public int maxTests() {
            return 4;
        }

        @Override
        public int maxBatchJobs() {
            return 4;
        }
    }

    private final SubmissionValidator validator =
            new SubmissionValidator(new Sizes(8 * MAX_SOURCE, MAX_SOURCE, MAX_STDIN), new LimitPolicy(DEFAULTS, MAXIMA));

    @Nested
    class TheOriginalRequest {
        @Test
        void aSourceIsTheLanguagesEntryFileAndEverythingElseIsDefault() {
            JobMessage job = validator.validate(source("python", "print(input())", "hi"));
            assertThat(job.language()).isEqualTo("python");
            assertThat(job.files()).singleElement().satisfies(file -> {
                assertThat(file.name()).isEqualTo("main.py");
                assertThat(file.content()).isEqualTo("print(input())".getBytes(StandardCharsets.UTF_8));
            });
            assertThat(job.stdin()).isEqualTo("hi");
            assertThat(job.args()).isEmpty();
            assertThat(job.compileArgs()).isEmpty();
            assertThat(job.limits()).isEqualTo(DEFAULTS);
            assertThat(job.id()).isNotBlank();
            assertThat(job.submittedAt()).isNotNull();
        }

        @Test
        void noStdinIsEmptyStdin() {
            assertThat(validator.validate(source("bash", "echo", null)).stdin()).isEmpty();
        }

        @Test
        void noBodyIsMissingBody() {
            assertRefused(null, 400, "missing_body");
        }

        @Test
        void noLanguageIsAMissingField() {
            assertRefused(source(null, "x", null), 400, "missing_field", "language");
            assertRefused(source(" ", "x", null), 400, "missing_field", "language");
        }

        @Test
        void anUnknownLanguageIsUnsupportedAndTheMessageListsTheSupportedOnes() {
            assertRefused(source("cobol", "x", null), 422, "unsupported_language", "python, bash, c, cpp, java, javascript");
        }

        @Test
        void stdinOverItsLimitIsTooLarge() {
            assertRefused(source("python", "x", "é".repeat(MAX_STDIN / 2 + 1)), 413, "payload_too_large", "stdin");
            assertThat(validator.validate(source("python", "x", "é".repeat(MAX_STDIN / 2))).stdin()).hasSize(MAX_STDIN / 2);
        }
    }

    @Nested
    class Files {
        @Test
        void theFirstFileIsTheEntryPointAndTheOthersFollowInOrder() {
            JobMessage job = validator.validate(files("python", utf8("solve.py", "import helper"), utf8("helper.py", "x = 1")));
            assertThat(job.files()).extracting(SourceFile::name).containsExactly("solve.py", "helper.py");
            assertThat(job.entry().content()).isEqualTo("import helper".getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void neitherSourceNorFilesIsAMissingField() {
            assertRefused(request("python", null, null), 400, "missing_field", "source");
            assertRefused(files("python"), 400, "missing_field", "files");
        }

        @Test
        void bothSourceAndFilesConflict() {
            assertRefused(request("python", "print(1)", List.of(utf8("main.py", "print(2)"))), 400, "conflicting_fields");
        }

        @Test
        void theEntryFileMustHaveTheLanguagesExtension() {
            assertRefused(files("java", utf8("Main.py", "class Main {}")), 422, "invalid_entry_file", ".java");
            assertRefused(files("c", utf8("util.h", ""), utf8("main.c", "")), 422, "invalid_entry_file", "util.h");
            assertThat(validator.validate(files("c", utf8("prog.c", ""), utf8("util.h", ""))).entry().name()).isEqualTo("prog.c");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".", "..", ".hidden.py", "-c.py", "a/b.py", "../x.py", "a b.py", "ü.py", "a\\b.py"})
        void aNameThatIsNotAPlainFileNameIsInvalid(String name) {
            assertRefused(files("python", utf8("main.py", ""), utf8(name, "")), 422, "invalid_file_name", "files[1].name");
        }

        @Test
        void aNameHasAtMostOneHundredCharacters() {
            String longest = "a".repeat(97) + ".py";
            assertThat(validator.validate(files("python", utf8(longest, ""))).entry().name()).hasSize(100);
            assertRefused(files("python", utf8("a" + longest, "")), 422, "invalid_file_name");
        }

        @Test
        void namesAreUnique() {
            assertRefused(files("python", utf8("main.py", ""), utf8("util.py", ""), utf8("util.py", "")), 422,
                    "duplicate_file_name", "util.py");
        }

        @Test
        void aJobHasAtMostThirtyTwoFiles() {
            assertThat(validator.validate(files("python", numbered(32))).files()).hasSize(32);
            assertRefused(files("python", numbered(33)), 422, "too_many_files", "33");
        }

        @Test
        void base64ContentIsDecoded() {
            byte[] bytes = {0, (byte) 0xff, 'x', '\n'};
            JobMessage job = validator.validate(files("python", utf8("main.py", ""),
                    new SubmittedFile("data.bin", Base64.getEncoder().encodeToString(bytes), "base64")));
            assertThat(job.files().get(1).content()).isEqualTo(bytes);
        }

        @Test
        void contentThatIsNotBase64IsInvalid() {
            assertRefused(files("python", new SubmittedFile("main.py", "not base64!", "base64")), 422, "invalid_base64",
                    "files[0].content");
        }

        @Test
        void anUnknownEncodingIsUnsupported() {
            assertRefused(files("python", new SubmittedFile("main.py", "x", "latin1")), 422, "unsupported_encoding");
        }

        @Test
        void aFileWithoutNameOrContentIsAMissingField() {
            assertRefused(files("python", new SubmittedFile(null, "x", null)), 400, "missing_field", "files[0].name");
            assertRefused(files("python", new SubmittedFile("main.py", null, null)), 400, "missing_field", "files[0].content");
        }

        @Test
        void aNullFileIsTheWrongType() {
            assertRefused(request("python", null, Arrays.asList(utf8("main.py", ""), null)), 400, "invalid_type", "files[1]");
        }

        @Test
        void theDecodedSizeOfAllFilesTogetherIsLimited() {
            assertRefused(files("python", utf8("main.py", "x".repeat(MAX_SOURCE / 2)),
                    utf8("b.py", "x".repeat(MAX_SOURCE / 2 + 1))), 413, "payload_too_large", String.valueOf(MAX_SOURCE));
            assertRefused(source("python", "x".repeat(MAX_SOURCE + 1), null), 413, "payload_too_large");
        }

        @Test
        void base64CountsWhatItDecodesTo() {
            // 1000 bytes are 1336 characters of base64: over the limit as text, at it once decoded.
            String encoded = Base64.getEncoder().encodeToString(new byte[MAX_SOURCE]);
            assertThat(validator.validate(files("python", new SubmittedFile("main.py", encoded, "base64")))
                    .entry().content()).hasSize(MAX_SOURCE);
        }

        private static SubmittedFile[] numbered(int count) {
            return IntStream.range(0, count).mapToObj(i -> utf8("f" + i + ".py", "")).toArray(SubmittedFile[]::new);
        }
    }

    @Nested
    class Arguments {
        @Test
        void argsAndCompileArgsReachTheJobUnchanged() {
            JobMessage job = validator.validate(arguments("c", List.of("a b", "$(id)", ""), List.of("-DGREETING=hi")));
            assertThat(job.args()).containsExactly("a b", "$(id)", "");
            assertThat(job.compileArgs()).containsExactly("-DGREETING=hi");
        }

        @ParameterizedTest
        @ValueSource(booleans = {true, false})
        void atMostSixtyFourEntries(boolean compile) {
            List<String> many = Collections.nCopies(SubmissionValidator.MAX_ARGS + 1, "x");
            assertRefused(compile ? arguments("c", null, many) : arguments("c", many, null), 422, "too_many_arguments",
                    compile ? "compileArgs" : "args");
            validator.validate(arguments("c", Collections.nCopies(64, "x"), Collections.nCopies(64, "x")));
        }

        @Test
        void eachEntryIsAtMost4096Utf8Bytes() {
            String longest = "é".repeat(SubmissionValidator.MAX_ARG_BYTES / 2);
            validator.validate(arguments("python", List.of(longest), null));
            assertRefused(arguments("python", List.of("x", longest + "x"), null), 422, "argument_too_long", "args[1]", "4097");
            assertRefused(arguments("cpp", null, List.of(longest + "x")), 422, "argument_too_long", "compileArgs[0]");
        }

        @Test
        void aNulCharacterIsInvalid() {
            assertRefused(arguments("python", List.of("a\0b"), null), 422, "invalid_argument", "args[0]");
            assertRefused(arguments("java", null, List.of("\0")), 422, "invalid_argument", "compileArgs[0]");
        }

        @Test
        void aNullEntryIsTheWrongType() {
            assertRefused(arguments("python", Arrays.asList("a", null), null), 400, "invalid_type", "args[1]");
        }

        @Test
        void compileArgsAreRefusedForAnInterpretedLanguage() {
            assertRefused(arguments("python", null, List.of("-O")), 422, "compile_args_not_supported", "c, cpp, java");
            assertThat(validator.validate(arguments("python", null, List.of())).compileArgs()).isEmpty();
        }
    }

    /**
     * Core's shared cases of {@link JobRules}, which the worker agent walks too: every job the API
     * accepts is one the agent accepts.
     */
    @Nested
    class SharedRules {
        private static final String ENTRY = "entry.py";
        /**
         * Names the contract allows and the API's own narrower naming refuses (docs/api.md): longer than
         * 100 characters, not ASCII, a leading '.' or '-', a space.
         */
        private static final Set<String> NARROWER_AT_THE_API = Set.of("x".repeat(255), "données.txt", "数据.py",
                "é".repeat(127) + "x", ".config", "-c.py", "two words.txt");

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.fenrir.core.job.JobRuleCases#fileNames")
        void eachCaseOfFileNamesIsAcceptedOrRefusedWithTheCodeOfTheRuleItBreaks(JobRuleCases.FileNames job) {
            assertThat(job.names()).as("the test's own entry file").doesNotContain(ENTRY);
            List<SubmittedFile> files = new ArrayList<>(List.of(utf8(ENTRY, "")));
            job.names().forEach(name -> files.add(utf8(name, "")));
            SubmitRequest request = request("python", null, files);

            if (job.broken().isPresent()) {
                assertRefused(request, 422, job.broken().get() == Rule.FILE_NAME ? "invalid_file_name" : "duplicate_file_name");
            } else if (job.names().stream().anyMatch(NARROWER_AT_THE_API::contains)) {
                assertRefused(request, 422, "invalid_file_name", "letters, digits");
            } else {
                List<String> names = new ArrayList<>(List.of(ENTRY));
                names.addAll(job.names());
                assertThat(validator.validate(request).files()).extracting(SourceFile::name).isEqualTo(names);
            }
        }

        @Test
        void theApisNarrowerNamesAreNamesTheContractAllows() {
            Set<String> allowed = JobRuleCases.fileNames().stream().filter(job -> job.broken().isEmpty())
                    .flatMap(job -> job.names().stream()).collect(Collectors.toSet());
            assertThat(allowed).containsAll(NARROWER_AT_THE_API);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.fenrir.core.job.JobRuleCases#arguments")
        void eachArgumentIsAcceptedOrRefusedAsInvalid(JobRuleCases.Argument argument) {
            SubmitRequest request = arguments("c", List.of(argument.value()), List.of(argument.value()));

            if (argument.valid()) {
                JobMessage job = validator.validate(request);
                assertThat(job.args()).containsExactly(argument.value());
                assertThat(job.compileArgs()).containsExactly(argument.value());
            } else {
                assertRefused(request, 422, "invalid_argument", "args[0]");
            }
        }
    }

    @Nested
    class RunLimits {
        @Test
        void theJobCarriesTheResolvedLimits() {
            JobMessage job = validator.validate(limits(Map.of("cpuMs", new BigDecimal(2000), "memoryMb", new BigDecimal(512))));
            assertThat(job.limits()).isEqualTo(new Limits(2000, 10000, 512, 64, 1048576, 16777216));
        }

        @Test
        void aLimitAboveItsMaximumIsRefused() {
            assertRefused(limits(Map.of("cpuMs", new BigDecimal(30001))), 422, "limit_exceeded", "limits.cpuMs", "30001", "30000");
        }

        @Test
        void aLimitThatIsNotAPositiveWholeNumberIsInvalid() {
            assertRefused(limits(Map.of("pids", new BigDecimal("0"))), 422, "invalid_limit", "limits.pids");
            assertRefused(limits(Map.of("wallMs", new BigDecimal("2.5"))), 422, "invalid_limit", "limits.wallMs");
        }

        private SubmitRequest limits(Map<String, BigDecimal> limits) {
            return new SubmitRequest("python", "print(1)", null, null, null, null, limits);
        }
    }

    @Nested
    class BinaryStdin {
        @Test
        void base64StdinTravelsAsItsBytes() {
            byte[] bytes = {0, (byte) 0xff, 10, (byte) 0x80};
            JobMessage job = validator.validate(stdin(Base64.getEncoder().encodeToString(bytes), "base64"));
            assertThat(job.stdinBytes()).isEqualTo(bytes);
            assertThat(job.stdin()).isEmpty();
            assertThat(validator.validate(stdin("héllo", "utf8")).stdinBytes())
                    .isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void badBase64StdinIsRefused() {
            assertRefused(stdin("not base64!", "base64"), 422, "invalid_base64", "stdin");
            assertRefused(stdin("aGk=", "hex"), 422, "unsupported_encoding", "stdinEncoding");
            assertRefused(stdin(Base64.getEncoder().encodeToString(new byte[MAX_STDIN + 1]), "base64"), 413,
                    "payload_too_large", "stdin");
        }

        private SubmitRequest stdin(String stdin, String encoding) {
            return new SubmitRequest("python", "print(1)", null, stdin, null, null, null, null, null, null, null,
                    encoding);
        }
    }

    @Nested
    class JudgedTests {
        private final SubmittedTest sum = new SubmittedTest("1 2\n", "3\n", null);

        @Test
        void eachTestKeepsItsInputAndExpectedOutputAndItsLimitsOverTheJobs() {
            JobMessage job = validator.validate(tests(List.of(sum,
                    new SubmittedTest("2 2\n", "4\n", Map.of("cpuMs", new BigDecimal(100)))), "tokens", null, true));
            assertThat(job.tests().cases()).hasSize(2);
            assertThat(job.tests().cases().get(0).limitsOr(job.limits())).isEqualTo(DEFAULTS);
            assertThat(job.tests().cases().get(1).limits()).isEqualTo(new Limits(100, 10000, 256, 64, 1048576, 16777216));
            assertThat(job.tests().compare()).isEqualTo(Comparison.of(Comparison.Mode.TOKENS));
            assertThat(job.tests().stopOnFirstFailure()).isTrue();
            assertThat(validator.validate(tests(List.of(sum), null, null, null)).tests().compare().mode())
                    .isEqualTo(Comparison.Mode.TRIM_TRAILING_WHITESPACE);
            assertThat(validator.validate(tests(List.of(sum), "float", new BigDecimal("0.001"), null)).tests().compare())
                    .isEqualTo(new Comparison(Comparison.Mode.FLOAT, 0.001));
        }

        @Test
        void aJobWithoutTestsHasNone() {
            assertThat(validator.validate(source("python", "print(1)", null)).tests()).isNull();
        }

        @Test
        void badTestsAreRefusedNamingTheField() {
            assertRefused(tests(List.of(), null, null, null), 422, "invalid_tests", "1 to 4");
            assertRefused(tests(List.of(sum, sum, sum, sum, sum), null, null, null), 422, "invalid_tests", "5");
            assertRefused(tests(List.of(sum), "fuzzy", null, null), 422, "unsupported_compare", "fuzzy");
            assertRefused(tests(List.of(sum), "exact", new BigDecimal("0.1"), null), 422, "invalid_tolerance");
            assertRefused(tests(List.of(sum), "float", new BigDecimal("2"), null), 422, "invalid_tolerance");
            assertRefused(tests(List.of(new SubmittedTest("x".repeat(MAX_STDIN + 1), "", null)), null, null, null), 413,
                    "payload_too_large", "tests[0].stdin");
            assertRefused(tests(List.of(sum, new SubmittedTest("", "", Map.of("cpuMs", new BigDecimal(30001)))), null,
                    null, null), 422, "limit_exceeded", "tests[1].limits.cpuMs");
            assertRefused(new SubmitRequest("python", "print(1)", null, "stdin", null, null, null, List.of(sum), null,
                    null, null, null), 400, "conflicting_fields", "stdin");
            assertRefused(new SubmitRequest("python", "print(1)", null, null, null, null, null, null, "exact", null,
                    null, null), 400, "missing_field", "compare");
        }

        private SubmitRequest tests(List<SubmittedTest> tests, String compare, BigDecimal tolerance, Boolean stop) {
            return new SubmitRequest("python", "print(sum(map(int, input().split())))", null, null, null, null, null,
                    tests, compare, tolerance, stop, null);
        }
    }

    private void assertRefused(SubmitRequest request, int status, String code, String... messageParts) {
        assertThatThrownBy(() -> validator.validate(request)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).isNotBlank();
            for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    private static SubmitRequest source(String language, String source, String stdin) {
        return new SubmitRequest(language, source, null, stdin, null, null, null);
    }

    private static SubmitRequest request(String language, String source, List<SubmittedFile> files) {
        return new SubmitRequest(language, source, files, null, null, null, null);
    }

    private static SubmitRequest files(String language, SubmittedFile... files) {
        return request(language, null, new ArrayList<>(List.of(files)));
    }

    private static SubmitRequest arguments(String language, List<String> args, List<String> compileArgs) {
        return new SubmitRequest(language, "x", null, null, args, compileArgs, null);
    }

    private static SubmittedFile utf8(String name, String content) {
        return new SubmittedFile(name, content, null);
    }
}
