package io.fenrir.it.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.it.e2e.Http;
import java.util.ArrayList;
import java.util.List;

/**
 * The jobs of a fault-injection run: a deterministic mix of languages, stdin, slow jobs and failing
 * programs, each with the verdict and output it must end with whatever happens to the platform.
 */
final class Workload {

    /** One job to submit, and what it must end as. */
    record Spec(int index, String kind, String source, ObjectNode body, String verdict, String stdout) {
    }

    private Workload() {
    }

    static List<Spec> of(int count) {
        List<Spec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            specs.add(spec(i));
        }
        return specs;
    }

    private static Spec spec(int i) {
        // Compiled languages are rarer: a compile costs seconds of the machine's two cores.
        if (i % 25 == 7) {
            return job(i, "java", """
                    public class Main {
                        public static void main(String[] args) { System.out.println("java " + (%d * 3)); }
                    }
                    """.formatted(i), null, "OK", "java " + i * 3 + "\n");
        }
        if (i % 10 == 3) {
            return job(i, "c", """
                    #include <stdio.h>
                    int main(void) { printf("c %%d\\n", %d * 5); return 0; }
                    """.formatted(i), null, "OK", "c " + i * 5 + "\n");
        }
        if (i % 10 == 5) {
            // Slow: holds a worker for seconds, so that faults land mid-job.
            return job(i, "python", "import time\ntime.sleep(3)\nprint('slow %d')\n".formatted(i), null, "OK",
                    "slow " + i + "\n");
        }
        if (i % 10 == 8) {
            return job(i, "python", "import sys\nprint('to stderr', file=sys.stderr)\nsys.exit(3)\n", null,
                    "RUNTIME_ERROR", "");
        }
        if (i % 5 == 1) {
            return job(i, "bash", "read line; echo \"bash $line\"\n", "stdin-" + i + "\n", "OK",
                    "bash stdin-" + i + "\n");
        }
        if (i % 5 == 4) {
            return job(i, "javascript", "console.log('js ' + (%d * 2));\n".formatted(i), null, "OK",
                    "js " + i * 2 + "\n");
        }
        return job(i, "python", "print('py', %d * 7)\n".formatted(i), null, "OK", "py " + i * 7 + "\n");
    }

    private static Spec job(int i, String language, String source, String stdin, String verdict, String stdout) {
        ObjectNode body = Http.JSON.createObjectNode().put("language", language).put("source", source);
        if (stdin != null) {
            body.put("stdin", stdin);
        }
        return new Spec(i, language, source, body, verdict, stdout);
    }
}
