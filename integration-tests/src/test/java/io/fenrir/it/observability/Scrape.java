package io.fenrir.it.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus endpoint, read as Prometheus reads the text format: a sample per line,
 * {@code name{label="value",...} value}, comments skipped.
 */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: metric name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    private final String url;
    private final List<Sample> samples;

    private Scrape(String url, List<Sample> samples) {
        this.url = url;
        this.samples = samples;
    }

    /** GETs {@code url}, which must answer 200 in the text format. */
    public static Scrape of(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return new Scrape(url, parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to scrape " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Sample> parse(String text) {
        return text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            return new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3)));
        }).toList();
    }

    /** The names of every sample, e.g. fenrir_job_step_seconds_bucket and fenrir_job_step_seconds_count. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Whether a sample of {@code name} has at least these labels. */
    public boolean has(String name, Map<String, String> labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && s.has(labels));
    }

    /** The sum of the samples of {@code name} that have at least these labels; 0 when there are none. */
    public double sum(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).mapToDouble(Sample::value).sum();
    }

    @Override
    public String toString() {
        return url;
    }
}
