package io.eventline.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Whether the web UI's port is free on loopback (where the UI binds), and a free one when it is not. */
final class WebUiPort {

    private WebUiPort() {}

    static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    static int anyFree() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
