package dev.aqueduct.bench.ws;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes the CPU samples of a flight recording of the server ({@code jdk.ExecutionSample}, Java code on CPU):
 * samples per thread group, per owner of the sampled code (the innermost frame that is not JDK code: Liberty,
 * Aqueduct, ...), the hottest methods, the Aqueduct methods on the stack, and the native samples that are not
 * waits (socket writes and reads).
 *
 * <pre>
 * java -cp bench/ws-fanout/target/classes dev.aqueduct.bench.ws.JfrSummary recording.jfr [top]
 * </pre>
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> owners = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> through = new LinkedHashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        int nativeTotal = 0;
        int total = 0;
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals("jdk.NativeMethodSample") && e.getStackTrace() != null
                    && !e.getStackTrace().getFrames().isEmpty()) {
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                String group = thread == null ? "?" : thread.replaceAll("[-_ ]?[0-9]+$", "").replaceAll("[0-9]+", "N");
                String first = name(frames.get(0));
                if (!first.endsWith(".wait") && !first.endsWith(".park") && !first.contains("EPoll.wait")
                        && !first.endsWith(".accept") && !first.endsWith(".sleep")) {
                    nativeTotal++;
                    nativeTop.merge(group + ": " + first, 1, Integer::sum);
                }
                continue;
            }
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            total++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[-_ ]?[0-9]+$", "").replaceAll("[0-9]+", "N"), 1,
                    Integer::sum);
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            String owner = "JDK only";
            for (RecordedFrame f : frames) {
                String cls = f.getMethod().getType().getName();
                if (!(cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                        || cls.startsWith("com.sun."))) {
                    owner = owner(cls);
                    break;
                }
            }
            owners.merge(owner, 1, Integer::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String cls = f.getMethod().getType().getName();
                if (cls.startsWith("dev.aqueduct.")) {
                    String n = name(f);
                    if (seen.add(n)) {
                        through.merge(n, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("samples: " + total);
        print("by thread", threads, total, top);
        print("by owner of the innermost non-JDK frame", owners, total, top);
        print("hottest methods (self)", self, total, top);
        print("Aqueduct methods on the stack (inclusive)", through, total, top);
        System.out.println();
        System.out.println("native samples in system calls other than waiting (jdk.NativeMethodSample): " + nativeTotal);
        print("by thread and native method", nativeTop, nativeTotal, top);
    }

    private static String owner(String cls) {
        if (cls.startsWith("dev.aqueduct.")) {
            String[] p = cls.split("\\.");
            return "Aqueduct " + (p.length > 3 ? p[2] : "") + " (" + cls.substring(cls.lastIndexOf('.') + 1) + ")";
        }
        if (cls.startsWith("com.ibm.ws.wsoc") || cls.startsWith("io.openliberty.wsoc")) {
            return "Liberty WebSocket (com.ibm.ws.wsoc)";
        }
        if (cls.startsWith("com.ibm.ws.tcpchannel") || cls.startsWith("com.ibm.io") || cls.startsWith("com.ibm.wsspi.bytebuffer")
                || cls.startsWith("com.ibm.ws.bytebuffer") || cls.startsWith("com.ibm.ws.channelfw")) {
            return "Liberty TCP channel and buffers";
        }
        if (cls.startsWith("com.ibm.ws.http") || cls.startsWith("com.ibm.ws.webcontainer")) {
            return "Liberty HTTP / web container";
        }
        if (cls.startsWith("com.ibm.ws.threading") || cls.startsWith("com.ibm.ws.kernel")) {
            return "Liberty executor";
        }
        if (cls.startsWith("org.eclipse.parsson") || cls.startsWith("org.glassfish.json") || cls.startsWith("jakarta.json")
                || cls.startsWith("org.eclipse.yasson")) {
            return "JSON (jakarta.json)";
        }
        if (cls.startsWith("com.ibm.") || cls.startsWith("io.openliberty.")) {
            String[] p = cls.split("\\.");
            return "Liberty other (" + String.join(".", java.util.Arrays.copyOf(p, Math.min(4, p.length))) + ")";
        }
        String[] p = cls.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(p, Math.min(3, p.length)));
    }

    private static String name(RecordedFrame f) {
        String cls = f.getMethod().getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> m, int total, int top) {
        System.out.println();
        System.out.println(title + ":");
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top).forEach(en -> System.out.println(
                String.format(Locale.ROOT, "  %5.1f %%  %6d  %s", 100.0 * en.getValue() / Math.max(1, total),
                        en.getValue(), en.getKey())));
    }
}
