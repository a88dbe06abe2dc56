// The client API benchmark (issue 5): prints figures against the goals; asserts nothing. Run with
// scripts/bench-client.sh, which starts the server and Orthanc, loads the same files into both and puts dicom-data on
// the class path.
//
//   small <dir> <studies>
//       Writes one small CT image (64x64) per study, <studies> studies of patients with common last names, so that
//       a QIDO-RS search by patient name prefix has an index of some size to search.
//   measure <rayport http port> <orthanc http port> <admin password> <study uid> <series uid> <ct bytes> <work dir>
//           <rayport pid> <orthanc pid>
//       Logs in to Rayport with a device-bound token, then times each download form of the 500-image series with
//       curl (one warm-up, then 5 runs: best and median of time to first byte and total time, bytes received) on
//       both servers, QIDO-RS study search by patient name prefix with hey (-c 16 -n 2000) on both, and the cost of
//       one authenticated cheap request (a search for one study) with hey at 1 and at 16 clients. Then the series
//       ZIP's first byte on a warm and idle server (see firstBytes): the CPU time of the processes below each pid
//       tells when that server is idle.
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;

public class ClientBench {

    static final String POOL = "default";
    static final String DEVICE = "bench-tablet";
    static final int RUNS = 5;
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    static final String QIDO_PREFIX = "Mar";   // Martin, Martinez, Marquez: about 5 percent of the studies
    static final int QIDO_CLIENTS = 16;
    static final int QIDO_REQUESTS = 2000;

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("small")) {
            small(Path.of(args[1]), Integer.parseInt(args[2]));
        } else if (args.length == 10 && args[0].equals("measure")) {
            new ClientBench(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], args[4], args[5],
                    Long.parseLong(args[6]), Path.of(args[7]), Long.parseLong(args[8]), Long.parseLong(args[9]))
                    .measure();
        } else {
            System.err.println("usage: ClientBench small <dir> <studies>\n       ClientBench measure <rayport port>"
                    + " <orthanc port> <admin password> <study uid> <series uid> <ct bytes> <work dir> <rayport pid>"
                    + " <orthanc pid>");
            System.exit(2);
        }
    }

    // ---------------------------------------------------------------- small studies for the QIDO index

    static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
        "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis",
        "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Marquez", "Becker"};
    static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ines", "Jan"};
    static final String[] MODALITIES = {"CT", "MR", "CR", "US"};

    static void small(Path dir, int studies) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(42);
        byte[] pixels = new byte[64 * 64 * 2];
        for (int i = 0; i < studies; i++) {
            random.nextBytes(pixels);
            for (int p = 1; p < pixels.length; p += 2) {
                pixels[p] &= 0x0F;
            }
            int patient = random.nextInt(studies / 2 + 1);
            String name = LAST[patient % LAST.length] + "^" + FIRST[(patient / LAST.length) % FIRST.length];
            Attributes image = Attributes.builder()
                    .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                    .setString(Tags.SOP_INSTANCE_UID, Vr.UI, uid())
                    .setString(Tag.named("StudyInstanceUID"), Vr.UI, uid())
                    .setString(Tag.named("SeriesInstanceUID"), Vr.UI, uid())
                    .setString(Tag.named("PatientName"), Vr.PN, name)
                    .setString(Tag.named("PatientID"), Vr.LO, "QIDO-" + patient)
                    .setString(Tag.named("PatientBirthDate"), Vr.DA, String.format("%04d0101", 1930 + patient % 80))
                    .setString(Tag.named("StudyDate"), Vr.DA, String.format("2%03d%02d%02d", 15 + i % 10,
                            1 + i % 12, 1 + i % 28))
                    .setString(Tag.named("StudyTime"), Vr.TM, "101500")
                    .setString(Tag.named("AccessionNumber"), Vr.SH, "ACC" + i)
                    .setString(Tag.named("StudyDescription"), Vr.LO, "Bench study " + i)
                    .setString(Tag.named("Modality"), Vr.CS, MODALITIES[i % MODALITIES.length])
                    .setInt(Tag.named("SeriesNumber"), Vr.IS, 1)
                    .setInt(Tag.named("InstanceNumber"), Vr.IS, 1)
                    .setInt(Tag.named("SamplesPerPixel"), Vr.US, 1)
                    .setString(Tag.named("PhotometricInterpretation"), Vr.CS, "MONOCHROME2")
                    .setInt(Tag.named("Rows"), Vr.US, 64)
                    .setInt(Tag.named("Columns"), Vr.US, 64)
                    .setInt(Tag.named("BitsAllocated"), Vr.US, 16)
                    .setInt(Tag.named("BitsStored"), Vr.US, 12)
                    .setInt(Tag.named("HighBit"), Vr.US, 11)
                    .setInt(Tag.named("PixelRepresentation"), Vr.US, 0)
                    .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels)
                    .build();
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(image, dir.resolve(i + ".dcm"));
        }
        System.err.printf("bench-client: %d small studies written to %s%n", studies, dir);
    }

    static String uid() {
        UUID uuid = UUID.randomUUID();
        return "2.25." + new BigInteger(1, ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }

    // ---------------------------------------------------------------- measurements

    final String rayport;
    final String orthanc;
    final String adminPassword;
    final String study;
    final String series;
    final long ctBytes;
    final Path work;
    final long rayportPid;
    final long orthancPid;
    final HttpClient http = HttpClient.newHttpClient();
    String token;

    ClientBench(int rayportPort, int orthancPort, String adminPassword, String study, String series, long ctBytes,
                Path work, long rayportPid, long orthancPid) {
        this.rayport = "http://127.0.0.1:" + rayportPort;
        this.orthanc = "http://127.0.0.1:" + orthancPort;
        this.adminPassword = adminPassword;
        this.study = study;
        this.series = series;
        this.ctBytes = ctBytes;
        this.work = work;
        this.rayportPid = rayportPid;
        this.orthancPid = orthancPid;
    }

    /** Best and median of the runs: time to first byte and total (s), bytes. */
    record Timing(double firstByteBest, double firstByteMedian, double totalBest, double totalMedian, long bytes) {
    }

    void measure() throws Exception {
        List<Long> rayportProcesses = processTree(rayportPid);
        List<Long> orthancProcesses = processTree(orthancPid);
        int rayportThreads = cpuNanosByThread(rayportProcesses).size();
        int orthancThreads = cpuNanosByThread(orthancProcesses).size();
        System.err.printf("bench-client: CPU time watched over %d Rayport threads (processes %s) and %d Orthanc"
                + " threads%n", rayportThreads, rayportProcesses, orthancThreads);
        if (rayportThreads < 10 || orthancThreads < 2) {
            throw new IllegalStateException("the servers' threads were not found in /proc (Rayport below "
                    + rayportPid + ", Orthanc " + orthancPid + ")");
        }
        token = deviceToken();
        String orthancSeries = orthancId(series);
        String auth = "Authorization: Bearer " + token;
        String device = "X-Device-Id: " + DEVICE;
        String client = rayport + "/api/v1/client/pools/" + POOL;
        String multipartAny = "Accept: multipart/related; type=\"application/dicom\"; transfer-syntax=*";

        Timing rZip = time("Rayport series ZIP original", client + "/series/" + series + "/archive", auth, device);
        Timing oZip = time("Orthanc series ZIP original", orthanc + "/series/" + orthancSeries + "/archive");
        Timing rZipLossless = time("Rayport series ZIP lossless",
                client + "/series/" + series + "/archive?transfer=lossless", auth, device);
        Timing oZipLossless = time("Orthanc series ZIP lossless",
                orthanc + "/series/" + orthancSeries + "/archive?transcode=" + JPEG_LOSSLESS_SV1);
        Timing rZipJpeg = time("Rayport series ZIP jpeg", client + "/series/" + series + "/archive?transfer=jpeg",
                auth, device);
        Timing oZipJpeg = time("Orthanc series ZIP jpeg",
                orthanc + "/series/" + orthancSeries + "/archive?transcode=" + JPEG_EXTENDED);
        Timing rWado = time("Rayport WADO-RS series", rayport + "/dicomweb/studies/" + study + "/series/" + series,
                auth, device, multipartAny);
        Timing oWado = time("Orthanc WADO-RS series", orthanc + "/dicom-web/studies/" + study + "/series/" + series,
                multipartAny);
        Timing oWadoLossless = time("Orthanc WADO-RS series lossless", orthanc + "/dicom-web/studies/" + study
                + "/series/" + series, "Accept: multipart/related; type=\"application/dicom\"; transfer-syntax="
                + JPEG_LOSSLESS_SV1);

        double[] rQido = hey("Rayport QIDO-RS", rayport + "/dicomweb/studies?limit=1000&PatientName="
                + QIDO_PREFIX + "*", auth, device);
        double[] oQido = hey("Orthanc QIDO-RS", orthanc + "/dicom-web/studies?limit=1000&PatientName="
                + QIDO_PREFIX + "*");
        double[] rSearch = hey("Rayport client search", rayport + "/api/v1/client/studies?limit=1000&patientName="
                + QIDO_PREFIX, auth, device);
        // The cost of one authenticated request (token, device and pool checks, one index row): a cheap search.
        String cheap = rayport + "/api/v1/client/studies?limit=1";
        double[] rCheapOne = hey("Rayport studies?limit=1, 1 client", 1, cheap, auth, device);
        double[] oCheapOne = hey("Orthanc studies?limit=1, 1 client", 1, orthanc + "/dicom-web/studies?limit=1");
        double[] rCheapMany = hey("Rayport studies?limit=1, 16 clients", 16, cheap, auth, device);
        double[] oCheapMany = hey("Orthanc studies?limit=1, 16 clients", 16, orthanc + "/dicom-web/studies?limit=1");

        // The figures above are of a cold server: a JVM compiles its request path only after some thousand requests,
        // and curl's six requests per form do not get there. A server in use has long got there, so the first byte
        // is also measured warm (WARM_UP abandoned requests of the same download first, on both servers alike) and
        // idle (each request waits until the server's CPU time stands still: see firstBytes).
        FirstBytes[] warm = new FirstBytes[6];
        String[][] zips = {
            {client + "/series/" + series + "/archive", orthanc + "/series/" + orthancSeries + "/archive"},
            {client + "/series/" + series + "/archive?transfer=lossless",
                orthanc + "/series/" + orthancSeries + "/archive?transcode=" + JPEG_LOSSLESS_SV1},
            {client + "/series/" + series + "/archive?transfer=jpeg",
                orthanc + "/series/" + orthancSeries + "/archive?transcode=" + JPEG_EXTENDED}};
        for (int form = 0; form < 3; form++) {
            warm[2 * form] = firstBytes("Rayport " + FORMS[form], rayportProcesses, zips[form][0], auth, device);
            warm[2 * form + 1] = firstBytes("Orthanc " + FORMS[form], orthancProcesses, zips[form][1]);
        }

        System.out.println();
        System.out.printf("Rayport client API benchmark: 500-image CT series (%.1f MB as stored), loopback, %d cores;"
                + " curl best / median of %d (after 1 warm-up)%n", ctBytes / 1e6,
                Runtime.getRuntime().availableProcessors(), RUNS);
        String line = "-".repeat(118);
        System.out.println(line);
        System.out.printf("%-44s %-22s %-22s %-8s %s%n", "figure", "Rayport", "Orthanc", "ratio", "goal: faster");
        System.out.println(line);
        downloadRows("series ZIP, original", rZip, oZip);
        downloadRows("series ZIP, JPEG lossless SV1", rZipLossless, oZipLossless);
        downloadRows("series ZIP, lossy JPEG (12-bit extended)", rZipJpeg, oZipJpeg);
        downloadRows("WADO-RS series multipart, original", rWado, oWado);
        System.out.printf("%-44s %-22s %-22s%n", "  (Orthanc WADO-RS lossless: total median)", "-",
                String.format("%.2f s, %.1f MB", oWadoLossless.totalMedian(), oWadoLossless.bytes() / 1e6));
        System.out.printf("series ZIP first byte, warm and idle: the figure the goal compares (up to %d abandoned"
                + " downloads of the same first; each request on a fresh connection, reset at the first byte, sent once"
                + " the server's CPU time stood still for %d ms; p50 / p90, samples n; cold medians above)%n", WARM_UP,
                IDLE_WINDOW_MS);
        for (int form = 0; form < 3; form++) {
            FirstBytes r = warm[2 * form];
            FirstBytes o = warm[2 * form + 1];
            row("  " + FORMS[form], String.format("%.1f / %.1f ms n=%d", r.p50(), r.p90(), r.samples()),
                    String.format("%.1f / %.1f ms n=%d", o.p50(), o.p90(), o.samples()), r.p50() / o.p50());
        }
        System.out.println("  server idle again after a request (p50 / max)");
        for (int form = 0; form < 3; form++) {
            System.out.printf("%-44s %-22s %-22s%n", "    " + FORMS[form],
                    String.format("%.2f / %.2f s", warm[2 * form].idleWaitP50(), warm[2 * form].idleWaitMax()),
                    String.format("%.2f / %.2f s", warm[2 * form + 1].idleWaitP50(),
                            warm[2 * form + 1].idleWaitMax()));
        }
        qidoRows("QIDO-RS studies?limit=1000&PatientName=" + QIDO_PREFIX + "* (16 clients)", rQido, oQido);
        System.out.printf("%-44s %-22s%n", "  (Rayport /client/studies, same prefix)",
                String.format("p50 %.1f p99 %.1f ms", rSearch[0], rSearch[1]));
        qidoRows("authenticated cheap GET, 1 client (Rayport /client/studies?limit=1, Orthanc QIDO limit=1)",
                rCheapOne, oCheapOne);
        qidoRows("the same, 16 clients", rCheapMany, oCheapMany);
        System.out.println(line);
        // "The bytes of lossless transfer at most 50 percent of the original": the original is the files as stored,
        // what WADO-RS and a ZIP without compression send; the deflated original ZIP is printed beside it.
        double losslessShare = (double) rZipLossless.bytes() / ctBytes;
        System.out.printf("goal: lossless bytes <= 50%% of the original files: %s (%.0f%%; %.0f%% of Rayport's deflated"
                        + " original ZIP)%n", losslessShare <= 0.5 ? "MET" : "NOT MET", 100 * losslessShare,
                100.0 * rZipLossless.bytes() / rZip.bytes());
        System.out.printf("RESULT zip=%.3f/%.3f lossless=%.3f/%.3f jpeg=%.3f/%.3f wado=%.3f/%.3f qido_p50=%.1f/%.1f"
                        + " qido_p99=%.1f/%.1f cheap_p50=%.2f/%.2f"
                        + " cheap16_p50=%.1f/%.1f first_byte=%.3f/%.3f warm_first_byte_ms=%.1f/%.1f,%.1f/%.1f,%.1f/%.1f%n",
                rZip.totalMedian(), oZip.totalMedian(), rZipLossless.totalMedian(),
                oZipLossless.totalMedian(), rZipJpeg.totalMedian(), oZipJpeg.totalMedian(), rWado.totalMedian(),
                oWado.totalMedian(), rQido[0], oQido[0], rQido[1], oQido[1], rCheapOne[0], oCheapOne[0],
                rCheapMany[0], oCheapMany[0], rZip.firstByteMedian(), oZip.firstByteMedian(), warm[0].p50(),
                warm[1].p50(), warm[2].p50(), warm[3].p50(), warm[4].p50(), warm[5].p50());
    }

    void downloadRows(String what, Timing r, Timing o) {
        row(what + ": first byte best/med", String.format("%.3f / %.3f s", r.firstByteBest(), r.firstByteMedian()),
                String.format("%.3f / %.3f s", o.firstByteBest(), o.firstByteMedian()),
                r.firstByteMedian() / o.firstByteMedian());
        row("  total best/med", String.format("%.3f / %.3f s", r.totalBest(), r.totalMedian()),
                String.format("%.3f / %.3f s", o.totalBest(), o.totalMedian()), r.totalMedian() / o.totalMedian());
        System.out.printf("%-44s %-22s %-22s %.2f%n", "  bytes sent", String.format("%.1f MB", r.bytes() / 1e6),
                String.format("%.1f MB", o.bytes() / 1e6), (double) r.bytes() / o.bytes());
    }

    void qidoRows(String what, double[] r, double[] o) {
        System.out.println(what);
        row("  p50", String.format("%.1f ms", r[0]), String.format("%.1f ms", o[0]), r[0] / o[0]);
        row("  p99", String.format("%.1f ms", r[1]), String.format("%.1f ms", o[1]), r[1] / o[1]);
        System.out.printf("%-44s %-22s %-22s %.2f%n", "  requests/s", String.format("%.0f", r[2]),
                String.format("%.0f", o[2]), r[2] / o[2]);
    }

    static void row(String what, String rayport, String orthanc, double ratio) {
        System.out.printf("%-44s %-22s %-22s %-8s %s%n", what, rayport, orthanc, String.format("%.2f", ratio),
                ratio < 1 ? "MET" : "NOT MET");
    }

    Timing time(String name, String url, String... headers) throws Exception {
        double[] firstByte = new double[RUNS];
        double[] total = new double[RUNS];
        long bytes = 0;
        for (int run = -1; run < RUNS; run++) {
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w",
                    "%{http_code} %{time_starttransfer} %{time_total} %{size_download}"));
            for (String header : headers) {
                command.add("-H");
                command.add(header);
            }
            command.add(url);
            String[] out = run(command).strip().split(" ");
            if (!out[0].equals("200")) {
                throw new IllegalStateException(name + ": HTTP " + out[0] + " from " + url);
            }
            if (run >= 0) {
                firstByte[run] = Double.parseDouble(out[1]);
                total[run] = Double.parseDouble(out[2]);
                bytes = Long.parseLong(out[3]);
            }
        }
        Arrays.sort(firstByte);
        Arrays.sort(total);
        Timing timing = new Timing(firstByte[0], firstByte[RUNS / 2], total[0], total[RUNS / 2], bytes);
        System.err.printf("bench-client: %-36s first byte %.3f s, total %.3f s (medians), %.1f MB%n", name,
                timing.firstByteMedian(), timing.totalMedian(), bytes / 1e6);
        return timing;
    }

    static final String[] FORMS = {"original", "JPEG lossless SV1", "lossy JPEG"};
    static final int WARM_UP = 100;
    static final long WARM_UP_BUDGET_MS = 45_000;
    static final int WARM_RUNS = 31;
    static final long MEASURE_BUDGET_MS = 75_000;
    /** Idle: the server's threads used less than IDLE_CPU_NS of CPU over IDLE_WINDOW_MS. */
    static final long IDLE_WINDOW_MS = 100;
    static final long IDLE_CPU_NS = 1_000_000;
    static final long IDLE_WAIT_CAP_MS = 30_000;

    /** First byte p50 / p90 in ms, number of samples; how long the server took to become idle again, in s. */
    record FirstBytes(double p50, double p90, int samples, double idleWaitP50, double idleWaitMax) {
    }

    /**
     * Time to the first byte of the answer over a fresh connection (as curl's time_starttransfer: from before the
     * connect to the status line), the connection reset right after it, so the download is abandoned as a client
     * that goes away abandons it: up to {@link #WARM_UP} such requests (at most {@link #WARM_UP_BUDGET_MS}), then up
     * to {@link #WARM_RUNS} measured (at most {@link #MEASURE_BUDGET_MS}). Every request waits until the server is
     * idle ({@link #awaitIdle}): a server that goes on working on an abandoned download (building the rest of the
     * ZIP) would otherwise have its next first byte measured while busy. The same rule for both servers.
     */
    FirstBytes firstBytes(String name, List<Long> server, String url, String... headers) throws Exception {
        URI uri = URI.create(url);
        StringBuilder request = new StringBuilder("GET " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\nHost: " + uri.getHost()
                + ":" + uri.getPort() + "\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        List<Double> measured = new ArrayList<>();
        List<Double> waits = new ArrayList<>();
        long warmUpEnd = System.nanoTime() + WARM_UP_BUDGET_MS * 1_000_000;
        int warmedUp = 0;
        while (warmedUp < WARM_UP && System.nanoTime() < warmUpEnd) {
            waits.add(awaitIdle(server));
            firstByte(name, url, uri, bytes);
            warmedUp++;
        }
        long measureEnd = System.nanoTime() + MEASURE_BUDGET_MS * 1_000_000;
        while (measured.size() < WARM_RUNS && (measured.size() < 5 || System.nanoTime() < measureEnd)) {
            waits.add(awaitIdle(server));
            measured.add(firstByte(name, url, uri, bytes));
        }
        waits.add(awaitIdle(server));   // the last one's abandoned work, so that the next form starts idle too
        double[] sorted = measured.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] waited = waits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        FirstBytes result = new FirstBytes(sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)],
                sorted.length, waited[waited.length / 2], waited[waited.length - 1]);
        System.err.printf("bench-client: %-36s warm idle first byte p50 %.1f ms, p90 %.1f ms, n=%d (after %d"
                        + " warm-up); idle again after p50 %.2f s, max %.2f s%n", name, result.p50(), result.p90(),
                result.samples(), warmedUp, result.idleWaitP50(), result.idleWaitMax());
        return result;
    }

    /** One abandoned request: ms from before the connect to the first byte of the answer. */
    static double firstByte(String name, String url, URI uri, byte[] request) throws IOException {
        long start = System.nanoTime();
        String status;
        long firstByte;
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()));
            socket.getOutputStream().write(request);
            java.io.InputStream in = socket.getInputStream();
            int first = in.read();
            firstByte = System.nanoTime();
            StringBuilder line = new StringBuilder().append((char) first);
            for (int c = in.read(); c != -1 && c != '\n' && line.length() < 200; c = in.read()) {
                line.append((char) c);
            }
            status = line.toString().strip();
            socket.setSoLinger(true, 0);   // a reset, not an orderly close: the client is gone
        }
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException(name + ": " + status + " from " + url);
        }
        return (firstByte - start) / 1e6;
    }

    /**
     * Waits until the process used less than {@link #IDLE_CPU_NS} of CPU time over {@link #IDLE_WINDOW_MS} (at most
     * {@link #IDLE_WAIT_CAP_MS}); returns the seconds waited. CPU time is the sum over the process's threads of
     * /proc/PID/task/TID/schedstat's first field (nanoseconds): /proc/PID/stat's utime and stime count 10 ms ticks,
     * too coarse for a 1 ms threshold.
     */
    static double awaitIdle(List<Long> processes) throws Exception {
        long start = System.nanoTime();
        long cap = start + IDLE_WAIT_CAP_MS * 1_000_000;
        Map<String, Long> before = cpuNanosByThread(processes);
        while (System.nanoTime() < cap) {
            Thread.sleep(IDLE_WINDOW_MS);
            Map<String, Long> now = cpuNanosByThread(processes);
            long used = 0;
            for (Map.Entry<String, Long> thread : now.entrySet()) {
                used += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
            before = now;
            if (used < IDLE_CPU_NS) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** CPU time per thread of a server's processes. */
    static Map<String, Long> cpuNanosByThread(List<Long> processes) throws IOException {
        Map<String, Long> cpu = new HashMap<>();
        for (long process : processes) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + process + "/task"))) {
                for (Path task : tasks) {
                    try {
                        String schedstat = Files.readString(task.resolve("schedstat"));
                        cpu.put(process + "/" + task.getFileName(), Long.parseLong(schedstat.substring(0,
                                schedstat.indexOf(' '))));
                    } catch (NoSuchFileException exited) {
                        // the thread ended between the listing and the read
                    }
                }
            } catch (NoSuchFileException exited) {
                // the process ended
            }
        }
        return cpu;
    }

    /** {@code root} and every process below it (Rayport: the shell that started bin/karaf, bin/karaf, the JVM). */
    static List<Long> processTree(long root) throws IOException {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : all) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so after the last ')'
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    children.computeIfAbsent(Long.parseLong(fields[1]), parent -> new ArrayList<>())
                            .add(Long.parseLong(process.getFileName().toString()));
                } catch (NoSuchFileException exited) {
                    // gone meanwhile
                }
            }
        }
        List<Long> tree = new ArrayList<>(List.of(root));
        for (int i = 0; i < tree.size(); i++) {
            tree.addAll(children.getOrDefault(tree.get(i), List.of()));
        }
        return tree;
    }

    static final Pattern HEY_PERCENTILE = Pattern.compile("(\\d+)%% in ([0-9.]+) secs".replace("%%", "%"));
    static final Pattern HEY_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    static final Pattern HEY_STATUS = Pattern.compile("\\[(\\d{3})]\\s+(\\d+) responses");

    /** p50 and p99 in ms, requests per second; after a warm-up of 200 requests. */
    double[] hey(String name, String url, String... headers) throws Exception {
        return hey(name, QIDO_CLIENTS, url, headers);
    }

    double[] hey(String name, int clients, String url, String... headers) throws Exception {
        double[] result = null;
        for (int round = 0; round < 2; round++) {
            List<String> command = new ArrayList<>(List.of("hey", "-c", Integer.toString(clients), "-n",
                    Integer.toString(round == 0 ? 200 : QIDO_REQUESTS)));
            for (String header : headers) {
                command.add("-H");
                command.add(header);
            }
            command.add(url);
            String out = run(command);
            Matcher status = HEY_STATUS.matcher(out);
            while (status.find()) {
                if (!status.group(1).equals("200")) {
                    throw new IllegalStateException(name + ": " + status.group(2) + " answers " + status.group(1)
                            + " from " + url + "\n" + out);
                }
            }
            double p50 = Double.NaN;
            double p99 = Double.NaN;
            Matcher m = HEY_PERCENTILE.matcher(out);
            while (m.find()) {
                if (m.group(1).equals("50")) {
                    p50 = Double.parseDouble(m.group(2)) * 1000;
                } else if (m.group(1).equals("99")) {
                    p99 = Double.parseDouble(m.group(2)) * 1000;
                }
            }
            Matcher rate = HEY_RATE.matcher(out);
            result = new double[] {p50, p99, rate.find() ? Double.parseDouble(rate.group(1)) : Double.NaN};
        }
        String sample = run(withHeaders(List.of("curl", "-sS"), headers, url));
        // DICOM JSON names each study's UID; the client API's JSON says its total.
        Matcher total = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(sample);
        int matches = total.find() ? Integer.parseInt(total.group(1)) : sample.split("\"0020000D\"", -1).length - 1;
        System.err.printf("bench-client: %-36s p50 %.1f ms, p99 %.1f ms, %.0f/s (%d studies per answer)%n", name,
                result[0], result[1], result[2], matches);
        return result;
    }

    static List<String> withHeaders(List<String> start, String[] headers, String url) {
        List<String> command = new ArrayList<>(start);
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.add(url);
        return command;
    }

    String run(List<String> command) throws Exception {
        Path out = Files.createTempFile(work, command.get(0), ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " took more than 10 minutes");
        }
        String text = Files.readString(out, StandardCharsets.ISO_8859_1);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + text);
        }
        return text;
    }

    // ---------------------------------------------------------------- logins and look-ups

    /**
     * The admin logs in from a device: the password is changed first when the server demands it (kept in memory
     * only), and the device is approved when the server holds it pending.
     */
    String deviceToken() throws Exception {
        String password = adminPassword;
        HttpResponse<String> plain = post(rayport + "/api/v1/auth/login", null, "{\"username\":\"admin\",\"password\":"
                + quote(password) + "}");
        if (plain.statusCode() != 200) {
            throw new IllegalStateException("login -> HTTP " + plain.statusCode() + ": " + plain.body());
        }
        String plainToken = field(plain.body(), "token");
        if (plain.body().replace(" ", "").contains("\"mustChangePassword\":true")) {
            String changed = password + "-bench";
            HttpResponse<String> change = post(rayport + "/api/v1/auth/password", plainToken, "{\"oldPassword\":"
                    + quote(password) + ",\"newPassword\":" + quote(changed) + "}");
            if (change.statusCode() / 100 != 2) {
                throw new IllegalStateException("password change -> HTTP " + change.statusCode() + ": "
                        + change.body());
            }
            password = changed;
            plainToken = field(post(rayport + "/api/v1/auth/login", null, "{\"username\":\"admin\",\"password\":"
                    + quote(password) + "}").body(), "token");
        }
        String body = "{\"username\":\"admin\",\"password\":" + quote(password) + ",\"deviceId\":\"" + DEVICE
                + "\",\"deviceName\":\"Bench tablet\"}";
        HttpResponse<String> login = post(rayport + "/api/v1/auth/login", null, body);
        if (login.statusCode() != 200) {
            throw new IllegalStateException("device login -> HTTP " + login.statusCode() + ": " + login.body());
        }
        String device = field(login.body(), "token");
        HttpResponse<String> probe = http.send(HttpRequest.newBuilder(URI.create(rayport + "/api/v1/client/studies"))
                .header("Authorization", "Bearer " + device).header("X-Device-Id", DEVICE).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (probe.statusCode() == 200) {
            return device;
        }
        HttpResponse<String> approved = post(rayport + "/api/v1/admin/devices/admin/" + DEVICE + "/approve",
                plainToken, "{}");
        if (approved.statusCode() / 100 != 2) {
            throw new IllegalStateException("device approval -> HTTP " + approved.statusCode() + ": "
                    + approved.body() + " (client API probe answered " + probe.statusCode() + ": " + probe.body()
                    + ")");
        }
        return field(post(rayport + "/api/v1/auth/login", null, body).body(), "token");
    }

    String orthancId(String seriesUid) throws Exception {
        HttpResponse<String> found = post(orthanc + "/tools/lookup", null, seriesUid);
        Matcher m = Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"").matcher(found.body());
        if (!m.find()) {
            throw new IllegalStateException("Orthanc does not know series " + seriesUid + ": " + found.body());
        }
        return m.group(1);
    }

    HttpResponse<String> post(String url, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
