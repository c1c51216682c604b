package org.herald.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this JVM runs as root: PostgreSQL's initdb and postgres refuse to (they would own the cluster as root). */
final class ProcessUser {
    private ProcessUser() {
    }

    static boolean isRoot() {
        try {
            // Linux: the owner of /proc/self is the effective uid of this process.
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (Exception | Error e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
