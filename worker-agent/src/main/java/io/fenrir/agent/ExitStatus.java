package io.fenrir.agent;

/**
 * How a step's process ended, in the contract's terms: an exit code when it exited, or -1 and the
 * signal that ended it.
 */
record ExitStatus(int exitCode, int signal) {

    /**
     * A step the agent killed for passing one of its limits: SIGKILL, the signal the agent sends.
     * Said so even when the step's own process, seeing its children killed first, managed to exit
     * by itself in between: the exit status it chose then says nothing about the program.
     */
    static final ExitStatus KILLED_AT_LIMIT = new ExitStatus(-1, 9);

    /** Linux signal numbers run from 1 to SIGRTMAX, which is 64. */
    private static final int MAX_SIGNAL = 64;
    private static final int SIGNAL_OFFSET = 128;

    /**
     * Decodes {@link Process#exitValue()}. The JDK reports a death by signal N as 128 + N, the shell
     * convention, and offers nothing else: waitpid's status is gone by the time Java code runs. So a
     * value from 129 to 192 is read as a signal. The one case this gets wrong is a program that
     * calls exit(129..192) itself; shells do exactly that when their own child was killed
     * (sh -c 'prog' exits 139 when prog segfaults), where reporting the signal is the useful answer.
     */
    static ExitStatus fromExitValue(int value) {
        if (value > SIGNAL_OFFSET && value <= SIGNAL_OFFSET + MAX_SIGNAL) {
            return new ExitStatus(-1, value - SIGNAL_OFFSET);
        }
        return new ExitStatus(value, 0);
    }
}
