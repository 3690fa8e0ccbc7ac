package io.ferstream.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Where a model came from, for its card: the exact command line of this process and the git commit of
 * the working tree it ran in. Either is null when it cannot be known (no /proc, not a git checkout, no git).
 *
 * @param command the process's command line as the OS reports it (JVM flags and all)
 * @param commit  40 hex digits, with {@code -dirty} when tracked files differ from that commit
 */
public record Provenance(String command, String commit) {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final long GIT_TIMEOUT_SECONDS = 10;

    /** This process's command line and the commit of the current directory's checkout. */
    public static Provenance ofThisProcess() {
        return new Provenance(ProcessHandle.current().info().commandLine().orElse(null), commitOf(Path.of("")));
    }

    /** The commit checked out at {@code dir}, {@code -dirty} when tracked files changed; null when unknown. */
    static String commitOf(Path dir) {
        String head = git(dir, "rev-parse", "HEAD");
        if (head == null || !COMMIT.matcher(head).matches()) {
            return null;
        }
        String changes = git(dir, "status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null; // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
