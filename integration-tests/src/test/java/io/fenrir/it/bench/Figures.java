package io.fenrir.it.bench;

import io.fenrir.it.harness.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What a benchmark report needs besides its figures: percentiles, the machine, the commit, the doc section. */
final class Figures {
    static final String BEGIN = "<!-- BEGIN make bench: written by io.fenrir.it.bench; `make bench` replaces this section -->";
    static final String END = "<!-- END make bench -->";

    private Figures() {
    }

    /** Nearest-rank percentiles of some milliseconds. */
    record Stats(int n, double p50, double p95, double p99, double max) {
        static Stats of(List<Double> values) {
            if (values.isEmpty()) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Stats(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[sorted.length - 1]);
        }

        private static double rank(double[] sorted, int percent) {
            int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
            return sorted[Math.max(rank, 1) - 1];
        }
    }

    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
    }

    static String today() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }

    /** nproc, CPU model, RAM, kernel, distribution, cgroup mode, containerd, runc and Java, from this machine. */
    static String machine() {
        String cpu = grep(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^model name\\s*:\\s*", "");
        long memKb = Long.parseLong(grep(Path.of("/proc/meminfo"), "MemTotal:").replaceAll("\\D", ""));
        String os = grep(Path.of("/etc/os-release"), "PRETTY_NAME=").replaceFirst("PRETTY_NAME=", "").replace("\"", "");
        String cgroups = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "cgroups v2"
                : Files.exists(Path.of("/sys/fs/cgroup/unified")) ? "cgroups v1 (hybrid)" : "cgroups v1";
        return String.format("%s CPUs (nproc; %s), %.1f GiB RAM, Linux %s %s, %s, %s, containerd %s, %s, Java %s",
                run("nproc"), cpu, memKb / 1024.0 / 1024.0, System.getProperty("os.version"),
                System.getProperty("os.arch"), os, cgroups, run("containerd", "--version").split("\\s+")[2],
                run("runc", "--version").lines().findFirst().orElse("runc ?"), System.getProperty("java.runtime.version"));
    }

    /**
     * Samples the 1-minute load average every 5 s while a benchmark runs: other work on the machine shows up
     * in the figures, and this says how much there was.
     */
    static final class LoadSampler implements AutoCloseable {
        private final List<Double> samples = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-load-sampler");
            thread.setDaemon(true);
            return thread;
        });

        LoadSampler() {
            timer.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.SECONDS);
        }

        private void sample() {
            try {
                samples.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
            } catch (IOException | NumberFormatException e) {
                // A missed sample only makes the summary coarser.
            }
        }

        String summary() {
            synchronized (samples) {
                DoubleSummaryStatistics stats = samples.stream().mapToDouble(Double::doubleValue).summaryStatistics();
                return String.format("min %.2f, mean %.2f, max %.2f over the run (%d samples, every 5 s)",
                        stats.getMin(), stats.getAverage(), stats.getMax(), stats.getCount());
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** The commit measured, and whether the tree had changes (docs/benchmarks.md aside). */
    static String commit() {
        String head = run("git", "-C", Repo.root().toString(), "log", "-1", "--format=%h (%s)");
        String changes = run("git", "-C", Repo.root().toString(), "status", "--porcelain", "--untracked-files=no", "--",
                ".", ":!docs/benchmarks.md");
        return "`" + head.substring(0, head.indexOf(' ')) + "`" + head.substring(head.indexOf(' '))
                + (changes.isBlank() ? "" : ", with uncommitted changes");
    }

    /** As {@link #writeSection(Path, String)}, for the section of benchmark {@code name}. */
    static void writeSection(Path doc, String name, String report) throws IOException {
        writeSection(doc, "<!-- BEGIN make bench: " + name + " -->", "<!-- END make bench: " + name + " -->", report);
    }

    /** Replaces the section between BEGIN and END in DOC with REPORT, or appends it. */
    static void writeSection(Path doc, String report) throws IOException {
        writeSection(doc, BEGIN, END, report);
    }

    private static void writeSection(Path doc, String begin, String end, String report) throws IOException {
        String text = Files.readString(doc);
        String section = begin + "\n" + report.strip() + "\n" + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String updated = from >= 0 && to > from
                ? text.substring(0, from) + section + text.substring(to + end.length())
                : text.stripTrailing() + "\n\n" + section + "\n";
        Files.writeString(doc, updated);
    }

    private static String grep(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
