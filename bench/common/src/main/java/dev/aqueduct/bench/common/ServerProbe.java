package dev.aqueduct.bench.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the server process from outside: used heap after a full GC ({@code jcmd GC.run}, {@code GC.heap_info}),
 * resident set size and CPU time from {@code /proc}, and native memory tracking when the server runs with
 * {@code -XX:NativeMemoryTracking=summary}. Linux only; everything returns -1 when unavailable.
 */
public final class ServerProbe {

    /** One look at the server's memory, in KiB. */
    public record Memory(long heapUsedKiB, long rssKiB, long nmtCommittedKiB) {
    }

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private final long pid;

    public ServerProbe(long pid) {
        this.pid = pid;
    }

    public boolean enabled() {
        return pid > 0;
    }

    /** Runs two full collections, then reads used heap, RSS and the NMT total. */
    public Memory memoryAfterGc() {
        if (!enabled()) {
            return new Memory(-1, -1, -1);
        }
        jcmd("GC.run");
        jcmd("GC.run");
        long heap = -1;
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (m.find()) {
            heap = Long.parseLong(m.group(1));
        }
        long nmt = -1;
        Matcher n = NMT_TOTAL.matcher(jcmd("VM.native_memory", "summary"));
        if (n.find()) {
            nmt = Long.parseLong(n.group(2));
        }
        return new Memory(heap, rssKiB(), nmt);
    }

    public long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unavailable
        }
        return -1;
    }

    /** User plus system CPU time of the server process in milliseconds, or -1. */
    public long cpuMillis() {
        if (!enabled()) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * 1000 / 100; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Starts a Java Flight Recorder recording (default settings: method sampling every 20 ms). */
    public void jfrStart(String name, Path file) {
        jfrStart(name, file, "default");
    }

    /** Starts a recording with the given settings: a name of the JDK's ({@code default}, {@code profile}) or a .jfc file. */
    public void jfrStart(String name, Path file, String settings) {
        jcmd("JFR.start", "name=" + name, "settings=" + settings, "filename=" + file.toAbsolutePath());
    }

    public void jfrStop(String name) {
        jcmd("JFR.stop", "name=" + name);
    }

    /** Sets the native memory tracking baseline that {@link #nativeMemoryDiff} compares with. */
    public void nativeMemoryBaseline() {
        jcmd("VM.native_memory", "baseline");
    }

    /** Native memory by category, compared with the baseline. */
    public String nativeMemoryDiff() {
        return jcmd("VM.native_memory", "summary.diff");
    }

    /** Live objects by class (forces a full GC). */
    public String classHistogram() {
        return jcmd("GC.class_histogram");
    }

    /** A thread dump of the server, for looking at where the fan-out spends its time. */
    public String threadDump() {
        return jcmd("Thread.print");
    }

    private String jcmd(String... command) {
        List<String> cmd = new java.util.ArrayList<>(List.of("jcmd", Long.toString(pid)));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
