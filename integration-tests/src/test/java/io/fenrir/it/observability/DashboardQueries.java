package io.fenrir.it.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.it.harness.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of the Grafana dashboards in observability/grafana/dashboards, and the metric names each
 * expression reads. A small reader of PromQL's surface, enough for dashboards: it drops strings, label
 * matchers, ranges and grouping clauses, then takes every name that is not a call, a keyword or a number.
 */
public final class DashboardQueries {
    public static final Path DIR = Repo.path("observability/grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN", "atan2");

    /** A dashboard panel's query: where it is, for messages, and its expression. */
    public record Query(String dashboard, String panel, String expr) {
    }

    private DashboardQueries() {
    }

    /** Every target expression of every panel (rows' panels included) of every dashboard. */
    public static List<Query> all() {
        List<Query> queries = new ArrayList<>();
        try (var files = Files.list(DIR)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
                collect(file.getFileName().toString(), JSON.readTree(file.toFile()).path("panels"), queries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the dashboards in " + DIR, e);
        }
        return queries;
    }

    private static void collect(String dashboard, JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.add(new Query(dashboard, panel.path("title").asText(), target.get("expr").asText()));
                }
            }
            collect(dashboard, panel.path("panels"), queries);
        }
    }

    /** The metric names an expression reads, e.g. {@code fenrir_job_step_seconds_bucket}. */
    public static Set<String> metricNames(String expr) {
        String bare = STRINGS.matcher(expr).replaceAll("\"\"");
        bare = bare.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            if (!KEYWORDS.contains(name.group())) {
                names.add(name.group());
            }
        }
        return names;
    }
}
