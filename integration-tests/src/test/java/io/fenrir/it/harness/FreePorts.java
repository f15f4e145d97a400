package io.fenrir.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds TCP ports that are free on 127.0.0.1 right now (another process may still take one before use). */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port the kernel just handed out as free on the loopback address. */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to find a free port on 127.0.0.1", e);
        }
    }
}
