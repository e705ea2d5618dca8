package dev.aqueduct.bench.ws;

import dev.aqueduct.bench.common.Histogram;
import dev.aqueduct.bench.common.ServerProbe;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Room bus fan-out benchmark, one load generator for two servers: Aqueduct's {@code WS /ws} and a Socket.IO server
 * with the same semantics ({@code bench/ws-fanout/socketio/server.mjs}). Scenarios, each against one server:
 *
 * <ul>
 *   <li>{@code idle}: N connections (hello or Socket.IO connect, then one join; rooms of 10), memory per connection
 *       after a full GC;</li>
 *   <li>{@code fanout}: one room with S subscribers and one publisher (not joined) at each rate of a ladder;</li>
 *   <li>{@code rooms}: R rooms of M members, every member publishing once a second (spread evenly), every message
 *       delivered to all M members, the publisher included.</li>
 * </ul>
 *
 * Latency is receive time minus the send time the publisher wrote into the payload, both from this process's
 * monotonic clock. Server CPU comes from {@code /proc/<pid>/stat} over the measured window only. Prints markdown and
 * appends machine-readable rows to {@code --out}; {@code report FILE...} prints the side-by-side tables from such
 * files. Every loop is bounded in count and time; the program stops by itself.
 *
 * <pre>
 * java -cp bench/ws-fanout/target/classes:bench/common/target/classes dev.aqueduct.bench.ws.WsFanout \
 *   --server socketio --port 9681 --server-pid PID --out results.tsv
 * java -cp ... dev.aqueduct.bench.ws.WsFanout report results.tsv
 * </pre>
 */
public final class WsFanout {

    private WsFanout() {
    }

    private static final String SEP = "\t";

    private static String jfrSettings = "profile";
    /** Before each step, wait (at most othersWait s) until other processes use less than this % of one core. */
    private static double maxOthers = 15;
    private static int othersWait = 300;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            report(List.of(args).subList(1, args.length));
            return;
        }
        Map<String, String> o = options(args);
        String server = o.getOrDefault("server", "aqueduct");
        boolean aqueduct = switch (server) {
            case "aqueduct" -> true;
            case "socketio" -> false;
            default -> throw new IllegalArgumentException("--server aqueduct|socketio");
        };
        String host = o.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(o.getOrDefault("port", aqueduct ? "9680" : "9681"));
        long pid = Long.parseLong(o.getOrDefault("server-pid", "-1"));
        List<String> scenarios = List.of(o.getOrDefault("scenarios", "idle,fanout,rooms").split(","));
        List<Integer> idle = ints(o.getOrDefault("idle", "1000,10000"));
        int subscribers = Integer.parseInt(o.getOrDefault("subscribers", "1000"));
        List<Integer> rates = ints(o.getOrDefault("rates", "10,50,100,200"));
        int rooms = Integer.parseInt(o.getOrDefault("rooms", "500"));
        int members = Integer.parseInt(o.getOrDefault("members", "10"));
        double memberRate = Double.parseDouble(o.getOrDefault("member-rate", "1"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        int duration = Integer.parseInt(o.getOrDefault("duration", "20"));
        int drain = Integer.parseInt(o.getOrDefault("drain", "30"));
        int settle = Integer.parseInt(o.getOrDefault("settle", "3"));
        int ioThreads = Integer.parseInt(o.getOrDefault("io-threads", "1"));
        int maxPending = Integer.parseInt(o.getOrDefault("max-pending", "500"));
        boolean batch = Boolean.parseBoolean(o.getOrDefault("batch", "false"));
        boolean acks = Boolean.parseBoolean(o.getOrDefault("acks", "true"));
        int pad = Integer.parseInt(o.getOrDefault("pad", "64"));
        int tokenCount = Integer.parseInt(o.getOrDefault("tokens", "50"));
        String label = o.getOrDefault("label", aqueduct ? "Aqueduct" : "Socket.IO");
        String out = o.get("out");
        String dumpDir = o.get("thread-dumps");
        String jfrDir = o.get("jfr");
        jfrSettings = o.getOrDefault("jfr-settings", "profile");
        maxOthers = Double.parseDouble(o.getOrDefault("max-others", "15"));
        othersWait = Integer.parseInt(o.getOrDefault("others-wait", "300"));

        String base = "http://" + host + ":" + port;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ServerProbe probe = new ServerProbe(pid);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < tokenCount; i++) {
            tokens.add(aqueduct ? token(http, base, "bench-" + i) : "");
        }
        Wire wire = aqueduct ? Wire.aqueduct(batch, pad) : Wire.socketIo(acks, pad);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Memory memory = aqueduct ? new JvmMemory(probe) : new NodeMemory(http, base, probe);

        log(label + " on " + base + " (" + wire.describe() + "), scenarios " + scenarios + ", " + ioThreads
                + " client thread(s)" + (probe.enabled() ? ", server pid " + pid : ", no server pid"));
        List<String> rows = new ArrayList<>();
        try (Clients clients = new Clients(wire, host, port, ioThreads, maxPending)) {
            if (scenarios.contains("idle")) {
                for (int n : idle) {
                    memory.waitForNoClients(30);
                    double others = waitForQuiet(probe);
                    Memory.Sample before = memory.sample();
                    boolean histograms = aqueduct && dumpDir != null && probe.enabled();
                    if (histograms) {
                        Files.createDirectories(Path.of(dumpDir));
                        Files.writeString(Path.of(dumpDir, "histo-idle-" + n + "-before.txt"), probe.classHistogram());
                        probe.nativeMemoryBaseline();
                    }
                    List<Clients.Spec> specs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        specs.add(spec(i, tokens, List.of("bench:idle-" + run + "-" + n + "-" + (i / 10))));
                    }
                    double openSeconds = open(clients, specs, Math.max(60, n / 50));
                    Clients.Stats s = clients.stats(false);
                    Thread.sleep(settle * 1000L);
                    Memory.Sample after = memory.sample();
                    if (histograms) {
                        Files.writeString(Path.of(dumpDir, "histo-idle-" + n + "-after.txt"), probe.classHistogram());
                        Files.writeString(Path.of(dumpDir, "nmt-idle-" + n + "-diff.txt"), probe.nativeMemoryDiff());
                    }
                    int ready = s.ready;
                    String row = String.join(SEP, "idle", label, Integer.toString(n), Integer.toString(ready),
                            fmt(openSeconds), per(after.heapKiB(), before.heapKiB(), ready),
                            per(after.nativeKiB(), before.nativeKiB(), ready),
                            per(after.rssKiB(), before.rssKiB(), ready), fmt0(others), String.valueOf(s.firstError));
                    rows.add(row);
                    log("idle " + n + ": " + ready + " ready, " + s.failed + " failed in " + fmt(openSeconds) + " s;"
                            + " heap " + before.heapKiB() + " -> " + after.heapKiB() + " KiB, native " + before.nativeKiB()
                            + " -> " + after.nativeKiB() + " KiB, RSS " + before.rssKiB() + " -> " + after.rssKiB()
                            + " KiB" + (s.firstError == null ? "" : "; first error: " + s.firstError));
                    clients.closeAll();
                    Thread.sleep(1000);
                }
            }
            if (scenarios.contains("fanout")) {
                memory.waitForNoClients(30);
                String room = "bench:fanout-" + run;
                List<Clients.Spec> specs = new ArrayList<>();
                Clients.Spec publisher = spec(0, tokens, List.of());
                specs.add(publisher);
                for (int i = 1; i <= subscribers; i++) {
                    specs.add(spec(i, tokens, List.of(room)));
                }
                double openSeconds = open(clients, specs, Math.max(60, subscribers / 50));
                Clients.Stats s = clients.stats(false);
                log("fanout: " + s.ready + " of " + specs.size() + " connections ready in " + fmt(openSeconds) + " s"
                        + (s.firstError == null ? "" : "; first error: " + s.firstError));
                int subscribed = s.ready - 1;
                Thread.sleep(settle * 1000L);
                for (int rate : rates) {
                    long period = Math.round(1e9 / rate);
                    String name = subscribers + " subscribers, " + rate + " msgs/s";
                    rows.add(step(clients, probe, label, "fanout", name, (long) rate * subscribed,
                            (first, end) -> List.of(new Clients.Schedule(publisher, room, subscribed, first, period,
                                    end)), warmup, duration, drain, dumpDir, jfrDir, "fanout-" + rate));
                }
                clients.closeAll();
                Thread.sleep(1000);
            }
            if (scenarios.contains("rooms")) {
                memory.waitForNoClients(30);
                int n = rooms * members;
                List<Clients.Spec> specs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    specs.add(spec(i, tokens, List.of("bench:room-" + run + "-" + (i % rooms))));
                }
                double openSeconds = open(clients, specs, Math.max(60, n / 50));
                Clients.Stats s = clients.stats(false);
                log("rooms: " + s.ready + " of " + n + " connections ready in " + fmt(openSeconds) + " s"
                        + (s.firstError == null ? "" : "; first error: " + s.firstError));
                Thread.sleep(settle * 1000L);
                long period = Math.round(1e9 / memberRate);
                String name = rooms + " rooms x " + members + ", " + fmt(memberRate) + " msg/s each";
                rows.add(step(clients, probe, label, "rooms", name, Math.round(n * memberRate * members),
                        (first, end) -> {
                            List<Clients.Schedule> l = new ArrayList<>();
                            for (Clients.Spec sp : specs) {
                                // member j of room r publishes at (j * rooms + r) / n of the period: evenly spread
                                long phase = period * (long) sp.index() / n;
                                l.add(new Clients.Schedule(sp, sp.rooms().get(0), members, first + phase, period, end));
                            }
                            return l;
                        }, warmup, duration, drain, dumpDir, jfrDir, "rooms"));
                clients.closeAll();
            }
        }

        System.out.println();
        printTables(rows);
        if (out != null) {
            Files.write(Path.of(out), rows.stream().map(r -> r + "\n").reduce("", String::concat)
                    .getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    interface Scheduler {
        List<Clients.Schedule> schedules(long firstNanos, long endNanos);
    }

    /** One measured step: warm-up, measured window, drain. Returns its row. */
    private static String step(Clients clients, ServerProbe probe, String label, String scenario, String name,
            long offered, Scheduler scheduler, int warmup, int duration, int drain, String dumpDir, String jfrDir,
            String tag) throws Exception {
        waitForQuiet(probe);
        long start = System.nanoTime() + 300_000_000L;
        long measureFrom = start + warmup * 1_000_000_000L;
        long measureTo = measureFrom + duration * 1_000_000_000L;
        clients.resetStep(Clients.toUs(measureFrom), Clients.toUs(measureTo));
        clients.publish(scheduler.schedules(start, measureTo));
        Thread dumper = null;
        if (dumpDir != null && probe.enabled()) {
            dumper = threadDumps(probe, Path.of(dumpDir), tag, measureFrom + duration * 500_000_000L);
        }
        sleepUntil(measureFrom);
        if (jfrDir != null && probe.enabled()) {
            Files.createDirectories(Path.of(jfrDir));
            probe.jfrStart(tag, Path.of(jfrDir, tag + ".jfr"), jfrSettings);
        }
        Clients.Stats s0 = clients.stats(false);
        long cpu0 = probe.cpuMillis();
        long own0 = ownCpuMillis();
        long busy0 = machineBusyMillis();
        long t0 = System.nanoTime();
        sleepUntil(measureTo);
        Clients.Stats s1 = clients.stats(false);
        long cpu1 = probe.cpuMillis();
        long own1 = ownCpuMillis();
        long busy1 = machineBusyMillis();
        double window = (System.nanoTime() - t0) / 1e9;
        double othersPct = busy0 < 0 || cpu0 < 0 ? Double.NaN
                : 100.0 * ((busy1 - busy0) - (cpu1 - cpu0) - (own1 - own0)) / 1000.0 / window;
        if (jfrDir != null && probe.enabled()) {
            probe.jfrStop(tag);
        }
        long drainDeadline = System.nanoTime() + drain * 1_000_000_000L;
        long last = -1;
        long lastChange = System.nanoTime();
        Clients.Stats s = s1;
        while (System.nanoTime() < drainDeadline) {
            s = clients.stats(false);
            if (s.measured >= s.expected) {
                break;
            }
            if (s.measured != last) {
                last = s.measured;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 5_000_000_000L) {
                break;
            }
            Thread.sleep(100);
        }
        if (dumper != null) {
            dumper.join(10_000);
        }
        s = clients.stats(true);
        long inWindow = s1.delivered - s0.delivered;
        double deliveredPerSec = inWindow / window;
        double serverCpuPer1k = cpu0 < 0 || inWindow == 0 ? Double.NaN : (cpu1 - cpu0) / (inWindow / 1000.0);
        double serverCpuPct = cpu0 < 0 ? Double.NaN : 100.0 * (cpu1 - cpu0) / 1000.0 / window;
        double ownCpuPer1k = own0 < 0 || inWindow == 0 ? Double.NaN : (own1 - own0) / (inWindow / 1000.0);
        double ownCpuPct = own0 < 0 ? Double.NaN : 100.0 * (own1 - own0) / 1000.0 / window;
        double bytesPerDelivery = inWindow == 0 ? Double.NaN : (s1.bytesIn - s0.bytesIn) / (double) inWindow;
        Histogram h = s.latency;
        String row = String.join(SEP, scenario, label, name, Long.toString(offered), fmt0(deliveredPerSec),
                pct(s.measured, s.expected), ms(h.percentile(0.50)), ms(h.percentile(0.99)), ms(h.max()),
                fmt(serverCpuPer1k), fmt0(serverCpuPct), fmt(ownCpuPer1k), fmt0(ownCpuPct), fmt0(bytesPerDelivery),
                s.acks + "/" + s.published, Long.toString(s.errors + s.skipped), Integer.toString(s.closedByServer),
                fmt0(othersPct), String.valueOf(s.firstError));
        log(scenario + " " + name + ": delivered " + fmt0(deliveredPerSec) + "/s (offered " + offered + "), "
                + s.measured + " of " + s.expected + " measured deliveries, per subscriber " + s.minPerConn + ".."
                + s.maxPerConn + ", p50 " + ms(h.percentile(0.5)) + " p99 " + ms(h.percentile(0.99)) + " max "
                + ms(h.max()) + " ms; server CPU " + fmt(serverCpuPer1k) + " ms/1000 (" + fmt0(serverCpuPct)
                + " %), generator " + fmt(ownCpuPer1k) + " ms/1000 (" + fmt0(ownCpuPct) + " %); " + fmt0(bytesPerDelivery)
                + " B/delivery; other processes " + fmt0(othersPct) + " % of a core; acks " + s.acks + " of " + s.published + " published, " + s.errors + " errors, "
                + s.skipped + " skipped, " + s.closedByServer + " closed by server"
                + (s.firstError == null ? "" : "; first error: " + s.firstError)
                + (s.firstClose == null ? "" : "; first close: " + s.firstClose));
        return row;
    }

    private static double open(Clients clients, List<Clients.Spec> specs, int timeoutSeconds)
            throws InterruptedException {
        long t0 = System.nanoTime();
        clients.resetStep(Long.MAX_VALUE, Long.MAX_VALUE); // also forgets earlier errors
        Clients.Stats base = clients.stats(false);
        clients.open(specs);
        long deadline = t0 + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Clients.Stats s = clients.stats(false);
            if (s.opening == 0 && s.ready + s.failed - base.ready - base.failed >= specs.size()) {
                break;
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Clients.Spec spec(int index, List<String> tokens, List<String> rooms) {
        int k = index % tokens.size();
        return new Clients.Spec(index, tokens.get(k), "bench-" + k, rooms);
    }

    // --- memory of the server -------------------------------------------------------------------------------------

    interface Memory {
        record Sample(long heapKiB, long nativeKiB, long rssKiB) {
        }

        Sample sample();

        void waitForNoClients(int seconds) throws InterruptedException;
    }

    /** Liberty: used heap after full GCs (jcmd), NMT committed total, RSS. */
    private record JvmMemory(ServerProbe probe) implements Memory {
        @Override
        public Sample sample() {
            ServerProbe.Memory m = probe.memoryAfterGc();
            return new Sample(m.heapUsedKiB(), m.nmtCommittedKiB(), m.rssKiB());
        }

        @Override
        public void waitForNoClients(int seconds) throws InterruptedException {
            Thread.sleep(2000); // the server notices closed sockets on its own
        }
    }

    /** Node: heapUsed after two gc() (server started with --expose-gc), external + arrayBuffers, RSS. */
    private record NodeMemory(HttpClient http, String base, ServerProbe probe) implements Memory {
        @Override
        public Sample sample() {
            String j = get();
            long heap = field(j, "heapUsed");
            long external = field(j, "external");
            long rss = probe.enabled() ? probe.rssKiB() : field(j, "rss") / 1024;
            return new Sample(heap < 0 ? -1 : heap / 1024, external < 0 ? -1 : external / 1024, rss);
        }

        @Override
        public void waitForNoClients(int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            while (field(get(), "clients") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
        }

        private String get() {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/bench/memory"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                return "";
            }
        }

        private static long field(String json, String name) {
            Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    // --- report ---------------------------------------------------------------------------------------------------

    private static void report(List<String> files) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String f : files) {
            for (String line : Files.readAllLines(Path.of(f))) {
                if (!line.isBlank()) {
                    rows.add(line);
                }
            }
        }
        printTables(rows);
    }

    /** Prints the rows side by side: the same scenario step of every server next to each other. */
    private static void printTables(List<String> rows) {
        List<String[]> load = new ArrayList<>();
        List<String[]> idle = new ArrayList<>();
        for (String r : rows) {
            String[] f = r.split(SEP, -1);
            (f[0].equals("idle") ? idle : load).add(f);
        }
        if (!load.isEmpty()) {
            System.out.println("| scenario | offered deliveries/s | server | delivered msgs/s | delivered"
                    + " | p50 (ms) | p99 (ms) | max (ms) | server CPU ms per 1,000 deliveries | server CPU (% of 1 core)"
                    + " | generator CPU ms per 1,000 | generator CPU | bytes in per delivery | acks / published"
                    + " | errors + skipped | closed by server | other processes' CPU (% of 1 core) |");
            System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            Map<String, List<String[]>> byStep = new LinkedHashMap<>();
            for (String[] f : load) {
                byStep.computeIfAbsent(f[0] + SEP + f[2], k -> new ArrayList<>()).add(f);
            }
            for (List<String[]> step : byStep.values()) {
                for (String[] f : step) {
                    System.out.println("| " + f[2] + " | " + f[3] + " | " + f[1] + " | " + f[4] + " | " + f[5] + " | "
                            + f[6] + " | " + f[7] + " | " + f[8] + " | " + f[9] + " | " + f[10] + " % | " + f[11]
                            + " | " + f[12] + " % | " + f[13] + " | " + f[14] + " | " + f[15] + " | " + f[16] + " | "
                            + f[17] + " % |");
                }
            }
            System.out.println();
        }
        if (!idle.isEmpty()) {
            System.out.println("| idle connections | server | ready | time to open (s) | heap per connection (KiB)"
                    + " | native per connection (KiB): NMT / node external | RSS per connection (KiB)"
                    + " | other processes' CPU before (% of 1 core) |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
            Map<String, List<String[]>> byN = new LinkedHashMap<>();
            for (String[] f : idle) {
                byN.computeIfAbsent(f[2], k -> new ArrayList<>()).add(f);
            }
            for (List<String[]> step : byN.values()) {
                for (String[] f : step) {
                    System.out.println("| " + f[2] + " | " + f[1] + " | " + f[3] + " | " + f[4] + " | " + f[5] + " | "
                            + f[6] + " | " + f[7] + " | " + f[8] + " % |");
                }
            }
            System.out.println();
        }
        for (String r : rows) {
            String[] f = r.split(SEP, -1);
            String err = f[f.length - 1];
            if (!err.equals("null")) {
                System.out.println("- " + f[1] + ", " + f[0] + " " + f[2] + ": first error: " + err);
            }
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static Thread threadDumps(ServerProbe probe, Path dir, String tag, long atNanos) {
        Thread t = new Thread(() -> {
            try {
                Files.createDirectories(dir);
                sleepUntil(atNanos);
                for (int i = 0; i < 3; i++) {
                    Files.writeString(dir.resolve("threads-" + tag + "-" + i + ".txt"), probe.threadDump());
                    Thread.sleep(700);
                }
            } catch (Exception e) {
                log("thread dump failed: " + e);
            }
        }, "thread-dumps");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits until the processes other than the server and this generator use less than {@code maxOthers} % of one
     * core over 5 s (at most {@code othersWait} s); returns the last such measurement.
     */
    private static double waitForQuiet(ServerProbe probe) throws InterruptedException {
        long deadline = System.nanoTime() + othersWait * 1_000_000_000L;
        double others;
        while (true) {
            long b0 = machineBusyMillis();
            long c0 = probe.cpuMillis();
            long o0 = ownCpuMillis();
            long t0 = System.nanoTime();
            Thread.sleep(5000);
            double secs = (System.nanoTime() - t0) / 1e9;
            long b1 = machineBusyMillis();
            long c1 = probe.cpuMillis();
            long o1 = ownCpuMillis();
            if (b0 < 0) {
                return Double.NaN;
            }
            others = 100.0 * ((b1 - b0) - (c0 < 0 ? 0 : c1 - c0) - (o1 - o0)) / 1000.0 / secs;
            if (others < maxOthers || System.nanoTime() > deadline) {
                break;
            }
            log("other processes use " + fmt0(others) + " % of a core (load " + loadAverage() + "); waiting for < "
                    + fmt0(maxOthers) + " %");
        }
        log("other processes: " + fmt0(others) + " % of a core over 5 s, load average " + loadAverage());
        return others;
    }

    /** Busy CPU time of the whole machine (all cores, /proc/stat), in milliseconds, or -1. */
    private static long machineBusyMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
            return busy * 10; // USER_HZ is 100
        } catch (Exception e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static String token(HttpClient http, String base, String sub) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sub\":\"" + sub + "\",\"rooms\":{\"bench:*\":\"rwp\"},\"ttl\":7200}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("POST /dev/token answered " + r.statusCode() + ": " + r.body());
        }
        return m.group(1);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }

    private static long ownCpuMillis() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1_000_000;
        }
        return -1;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> l = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                l.add(Integer.parseInt(s.trim()));
            }
        }
        return l;
    }

    private static String ms(long units) {
        return units < 0 ? "n/a" : fmt(units * (double) Clients.LATENCY_UNIT_US / 1000.0);
    }

    private static String per(long after, long before, int n) {
        if (after < 0 || before < 0 || n <= 0) {
            return "n/a";
        }
        return fmt((after - before) / (double) n);
    }

    private static String pct(long got, long expected) {
        return expected == 0 ? "n/a" : fmt(100.0 * got / expected) + " %";
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f", d);
    }

    private static String fmt0(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.0f", d);
    }

    static void log(String s) {
        System.err.println(Instant.now() + " " + s);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --name value ...; got " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }
}
