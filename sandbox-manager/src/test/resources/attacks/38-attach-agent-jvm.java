// fenrir-attack: a Java job attacks the agent's JVM (the process whose command line names agent.jar) from inside the JVM: the Attach API (VirtualMachine.attach, which needs the target's uid and a SIGQUIT to it), ProcessHandle.destroyForcibly, reading its /proc environ and cmdline-visible socket; the job sandbox's own pid namespace holds only the job's processes, so no agent is there to find (the program says so and exits 0), and the agent lives on
// expect-verdict: OK
// expect-stdout: no agent visible
// expect-stdout-not: target pid
// expect-stdout-not: ESCAPED
// limits: cpuMs=20000 wallMs=30000 memoryMb=512
import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;

public class Main {
    public static void main(String[] args) throws Exception {
        ProcessHandle agent = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("agent.jar"))
                .findFirst().orElse(null);
        if (agent == null) {
            System.out.println("no agent visible: nothing to attack");
            return;
        }
        System.out.println("target pid " + agent.pid() + " " + agent.info().command().orElse("?"));
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(agent.pid()));
            System.out.println("ESCAPED attach: " + vm.getSystemProperties().getProperty("java.home"));
            vm.detach();
        } catch (Exception e) {
            System.out.println("DENIED attach " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        System.out.println(agent.destroyForcibly() ? "ESCAPED destroyForcibly accepted" : "DENIED destroyForcibly");
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc/" + agent.pid() + "/environ"));
            System.out.println("ESCAPED environ: " + environ.length + " bytes");
        } catch (Exception e) {
            System.out.println("DENIED environ " + e.getClass().getSimpleName());
        }
        System.out.println(agent.isAlive() ? "agent alive" : "ESCAPED agent died");
        System.out.println("DONE");
    }
}
