package io.fenrir.it.attacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One hostile program of {@code sandbox-manager/src/test/resources/attacks} and what must happen to it, read
 * from the comment header at the top of its file (the keys are described in that directory's README.md).
 *
 * @param name       the file name without its extension ("01-fork-bomb"); names the JUnit test
 * @param file       the file name, for failure messages
 * @param language   the API's language, from the extension
 * @param source     the whole file, header included (it is a comment in every language)
 * @param submission what the runner sends besides the source
 * @param expected   what the API, the sandbox and the program must show
 */
record Attack(String name, String file, String language, String source, Submission submission, Expected expected) {

    /**
     * @param limits     the request's limits ({@code limits: cpuMs=1000 wallMs=3000}); empty: the API's defaults
     * @param args       the request's args, a JSON array in the header; "{{NAME}}" expands to the runner's list NAME
     * @param compileArgs the request's compileArgs, a JSON array
     * @param includes   files of the attacks' lib/ directory sent beside the program ({@code include: a.h b.h}):
     *                   the request then carries {@code files}, the program first, instead of {@code source}
     * @param stdin      the request's stdin, or null
     * @param inflate    {@code args=COUNTxBYTES}, {@code source=BYTES} or {@code stdin=BYTES}: made by the runner,
     *                   so that nothing huge is committed; null for none
     * @param afterStart the name of an attack whose job must have started before this one is submitted, or null
     */
    record Submission(Map<String, Long> limits, List<String> args, List<String> compileArgs,
            Map<String, String> includes, String stdin, String inflate, String afterStart) {
    }

    /**
     * @param description  the attack and what must stop it ({@code fenrir-attack:})
     * @param httpStatus   the answer to POST /jobs: 202, or the 4xx the API must refuse it with
     * @param verdicts     the acceptable verdicts ({@code expect-verdict: A|B}); empty when refused
     * @param contains     per stream ("stdout", "stderr", "compile-output"), substrings that must appear
     * @param absent       per stream, substrings that must not appear
     * @param fields       job fields and their JSON text ({@code expect-field: signal=11 stdoutTruncated=true})
     * @param wallUnderMs  the job's wallMs must be below this, or null
     */
    record Expected(String description, int httpStatus, Set<String> verdicts, Map<String, List<String>> contains,
            Map<String, List<String>> absent, Map<String, String> fields, Long wallUnderMs) {
    }

    private static final Map<String, String> LANGUAGES = Map.of(
            "c", "c", "cpp", "cpp", "py", "python", "sh", "bash", "js", "javascript", "java", "java");
    /** The API's entry file name of each language, for requests that carry {@code files}. */
    private static final Map<String, String> ENTRY_FILES = Map.of("c", "main.c", "cpp", "main.cpp", "python", "main.py",
            "bash", "main.sh", "javascript", "main.js", "java", "Main.java");
    private static final Pattern KEY = Pattern.compile("^\\s*(?://|#)\\s*([a-z][a-z0-9-]*):\\s*(.*?)\\s*$");
    /** An on-cgroup-v2 line's own key and value. */
    private static final Pattern V2_LINE = Pattern.compile("^([a-z][a-z-]*):\\s*(.*)$");
    /** What may differ on cgroup v2: the expectations (what the job is sent never does). */
    private static final Set<String> V2_KEYS = Set.of("expect-verdict", "expect-stdout", "expect-stderr",
            "expect-compile-output", "expect-stdout-not", "expect-stderr-not", "expect-compile-output-not",
            "expect-field", "expect-wall-under-ms", "known-gap");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\{\\{(\\w+)}}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every attack file of DIR, in name order, with what it must show on CGROUPS. */
    static List<Attack> all(Path dir, CgroupVersion cgroups) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d\\d-.+\\.\\w+"))
                    .sorted().map(file -> parse(file, cgroups)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to list attacks in " + dir, e);
        }
    }

    /** Parses the header as on cgroup v1. */
    static Attack parse(Path path) {
        return parse(path, CgroupVersion.V1);
    }

    /**
     * Parses the header: the comment lines before the first line of code. An unknown key is an error. On cgroup
     * v2 the header's {@code on-cgroup-v2:} lines replace the expectations they name.
     */
    static Attack parse(Path path, CgroupVersion cgroups) {
        String file = path.getFileName().toString();
        String extension = file.substring(file.lastIndexOf('.') + 1);
        String language = LANGUAGES.get(extension);
        if (language == null) {
            throw new IllegalArgumentException(file + ": no language for the extension ." + extension);
        }
        String source = read(path);
        Header header = new Header(file, path.resolveSibling("lib"));
        for (String line : source.lines().toList()) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("//") && !stripped.startsWith("#")) {
                break; // the program starts; a C #include also ends the header, being no key
            }
            Matcher key = KEY.matcher(line);
            if (key.matches()) {
                header.put(key.group(1), key.group(2));
            }
        }
        if (cgroups == CgroupVersion.V2) {
            header.applyCgroupV2();
        }
        return header.toAttack(file.substring(0, file.lastIndexOf('.')), language, source);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + path, e);
        }
    }

    /** The limits that are times, and which a platform FACTOR times slower uses up FACTOR times as fast. */
    private static final Set<String> TIME_LIMITS = Set.of("cpuMs", "wallMs");

    /**
     * This attack as it must be run on a platform FACTOR times slower than this host (software emulation, where
     * a program's CPU time grows as much as its wall time): its CPU and wall limits and its wall-time bound
     * multiplied by FACTOR; nothing else changes.
     */
    Attack withTimeScaled(int factor) {
        Map<String, Long> limits = new LinkedHashMap<>(submission.limits());
        limits.replaceAll((limit, value) -> TIME_LIMITS.contains(limit) ? value * factor : value);
        Long wallUnderMs = expected.wallUnderMs() == null ? null : expected.wallUnderMs() * factor;
        return new Attack(name, file, language, source,
                new Submission(Map.copyOf(limits), submission.args(), submission.compileArgs(), submission.includes(),
                        submission.stdin(), submission.inflate(), submission.afterStart()),
                new Expected(expected.description(), expected.httpStatus(), expected.verdicts(), expected.contains(),
                        expected.absent(), expected.fields(), wallUnderMs));
    }

    /** The JSON body of POST /jobs; PLACEHOLDERS holds the lists that "{{NAME}}" args expand to. */
    ObjectNode request(Map<String, List<String>> placeholders) {
        ObjectNode body = JSON.createObjectNode().put("language", language);
        if (submission.includes().isEmpty()) {
            body.put("source", source);
        } else {
            ArrayNode files = body.putArray("files");
            files.addObject().put("name", ENTRY_FILES.get(language)).put("content", source);
            submission.includes().forEach((name, content) -> files.addObject().put("name", name).put("content", content));
        }
        if (submission.stdin() != null) {
            body.put("stdin", submission.stdin());
        }
        if (!submission.args().isEmpty()) {
            ArrayNode args = body.putArray("args");
            for (String arg : submission.args()) {
                Matcher placeholder = PLACEHOLDER.matcher(arg);
                if (placeholder.matches()) {
                    List<String> values = placeholders.get(placeholder.group(1));
                    if (values == null) {
                        throw new IllegalArgumentException(file + ": unknown placeholder " + arg);
                    }
                    values.forEach(args::add);
                } else {
                    args.add(arg);
                }
            }
        }
        if (!submission.compileArgs().isEmpty()) {
            submission.compileArgs().forEach(body.putArray("compileArgs")::add);
        }
        if (!submission.limits().isEmpty()) {
            ObjectNode limits = body.putObject("limits");
            submission.limits().forEach(limits::put);
        }
        if (submission.inflate() != null) {
            inflate(body, submission.inflate());
        }
        return body;
    }

    private void inflate(ObjectNode body, String spec) {
        String[] kv = spec.split("=", 2);
        switch (kv[0]) {
            case "args" -> {
                String[] countBytes = kv[1].split("x");
                ArrayNode args = body.putArray("args");
                String arg = "a".repeat(Integer.parseInt(countBytes[1]));
                for (int i = 0; i < Integer.parseInt(countBytes[0]); i++) {
                    args.add(arg);
                }
            }
            case "source" -> {
                // Padded with a comment to exactly that many bytes (the file is ASCII).
                String comment = Set.of("python", "bash").contains(language) ? "\n#" : "\n//";
                int padding = Integer.parseInt(kv[1]) - source.length() - comment.length();
                body.put("source", source + comment + "x".repeat(padding));
            }
            case "stdin" -> body.put("stdin", "x".repeat(Integer.parseInt(kv[1])));
            default -> throw new IllegalArgumentException(file + ": cannot inflate " + spec);
        }
    }

    /** The header's values as they are read, checked when complete. */
    private static final class Header {
        private final String file;
        private final Path lib;
        private String description;
        private int httpStatus = 202;
        private Set<String> verdicts = Set.of();
        private final Map<String, List<String>> contains = new LinkedHashMap<>();
        private final Map<String, List<String>> absent = new LinkedHashMap<>();
        private final Map<String, String> fields = new LinkedHashMap<>();
        private Long wallUnderMs;
        private final Map<String, Long> limits = new LinkedHashMap<>();
        private List<String> args = List.of();
        private List<String> compileArgs = List.of();
        private final Map<String, String> includes = new LinkedHashMap<>();
        private String stdin;
        private String inflate;
        private String afterStart;

        Header(String file, Path lib) {
            this.file = file;
            this.lib = lib;
        }

        /** A weakness this attack shows and docs/security.md lists under known gaps; null for none. */
        private String knownGap;
        /** The {@code on-cgroup-v2: KEY: VALUE} lines, as KEY and VALUE: expectations that differ on v2. */
        private final List<String[]> onCgroupV2 = new ArrayList<>();

        void put(String key, String value) {
            switch (key) {
                case "fenrir-attack" -> description = value;
                case "expect-verdict" -> verdicts = Set.of(value.split("\\s*\\|\\s*"));
                case "expect-status" -> httpStatus = Integer.parseInt(value);
                case "expect-stdout", "expect-stderr", "expect-compile-output" ->
                        contains.computeIfAbsent(key.substring("expect-".length()), k -> new ArrayList<>()).add(value);
                case "expect-stdout-not", "expect-stderr-not", "expect-compile-output-not" ->
                        absent.computeIfAbsent(key.substring("expect-".length(), key.length() - "-not".length()),
                                k -> new ArrayList<>()).add(value);
                case "expect-field" -> pairs(value).forEach(fields::put);
                case "expect-wall-under-ms" -> wallUnderMs = Long.parseLong(value);
                case "limits" -> pairs(value).forEach((k, v) -> limits.put(k, Long.parseLong(v)));
                case "args" -> args = jsonStrings(value);
                case "compile-args" -> compileArgs = jsonStrings(value);
                case "include" -> {
                    for (String name : value.split("\\s+")) {
                        includes.put(name, read(lib.resolve(name)));
                    }
                }
                case "stdin" -> stdin = value + "\n";
                case "inflate" -> inflate = value;
                case "after-start" -> afterStart = value;
                case "known-gap" -> knownGap = value.isEmpty() ? null : value; // empty: none (on-cgroup-v2)
                case "on-cgroup-v2" -> {
                    Matcher line = V2_LINE.matcher(value);
                    if (!line.matches() || !V2_KEYS.contains(line.group(1))) {
                        throw new IllegalArgumentException(file + ": 'on-cgroup-v2:' takes one of " + V2_KEYS
                                + " and its value, got '" + value + "'");
                    }
                    onCgroupV2.add(new String[] {line.group(1), line.group(2)});
                }
                default -> throw new IllegalArgumentException(file + ": unknown header key '" + key + "'");
            }
        }

        /** Replaces each expectation the on-cgroup-v2 lines name (all its values) with theirs. */
        void applyCgroupV2() {
            for (String[] line : onCgroupV2) {
                String key = line[0];
                switch (key) {
                    case "expect-verdict" -> verdicts = Set.of();
                    case "expect-stdout", "expect-stderr", "expect-compile-output" ->
                            contains.remove(key.substring("expect-".length()));
                    case "expect-stdout-not", "expect-stderr-not", "expect-compile-output-not" ->
                            absent.remove(key.substring("expect-".length(), key.length() - "-not".length()));
                    case "expect-field" -> fields.clear();
                    case "expect-wall-under-ms" -> wallUnderMs = null;
                    case "known-gap" -> knownGap = null;
                    default -> throw new IllegalStateException(key);
                }
            }
            onCgroupV2.forEach(line -> put(line[0], line[1]));
        }

        Attack toAttack(String name, String language, String source) {
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException(file + ": no 'fenrir-attack:' line");
            }
            if ((httpStatus == 202) == verdicts.isEmpty()) {
                throw new IllegalArgumentException(file + ": give expect-verdict for a job, expect-status for a refusal");
            }
            // An attack that must escape documents a known gap, and a known gap must be shown escaping: neither
            // can stand alone, so a gap that gets closed (or a defence that breaks) fails the test.
            boolean expectsEscape = contains.values().stream().flatMap(List::stream).anyMatch(s -> s.startsWith("ESCAPED"));
            if (expectsEscape != (knownGap != null)) {
                throw new IllegalArgumentException(file + ": 'known-gap:' and an expected ESCAPED line go together");
            }
            if (knownGap != null) {
                description = description + " KNOWN GAP: " + knownGap;
            }
            return new Attack(name, file, language, source,
                    new Submission(Map.copyOf(limits), args, compileArgs, includes, stdin, inflate, afterStart),
                    new Expected(description, httpStatus, verdicts, Map.copyOf(contains), Map.copyOf(absent),
                            Map.copyOf(fields), wallUnderMs));
        }

        private Map<String, String> pairs(String value) {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (String pair : value.split("\\s+")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException(file + ": expected name=value, got '" + pair + "'");
                }
                pairs.put(kv[0], kv[1]);
            }
            return pairs;
        }

        private List<String> jsonStrings(String value) {
            try {
                JsonNode array = JSON.readTree(value);
                List<String> strings = new ArrayList<>();
                array.forEach(element -> strings.add(element.asText()));
                return List.copyOf(strings);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": args must be a JSON array of strings: " + value, e);
            }
        }
    }
}
