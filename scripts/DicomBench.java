// The DICOM toolkit benchmark (issue 3): prints figures and ratios against DCMTK and Orthanc measured in the same
// run; asserts nothing. Run with scripts/bench-dicom.sh, which builds the bundles and puts them on the class path.
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.dimse.Storage;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;

public class DicomBench {

    static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    static final UserInformation USER = UserInformation.of(65536, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path work = Files.createTempDirectory("rayport-dicom-bench-");
        try {
            run(work, count);
        } finally {
            deleteTree(work);
        }
    }

    static void run(Path work, int count) throws Exception {
        Path images = Files.createDirectories(work.resolve("ct"));
        long bytes = generate(images, count);
        List<String> files = list(images);
        System.out.printf("bench: %d CT images of 512x512x16 bits, %.1f MB in all%n", count, bytes / 1e6);

        double storescp = storescuInto("storescp", work, files, port -> dcmtkStorescp(work, port));
        double orthanc = storescuInto("Orthanc", work, files, port -> orthanc(work, port));
        double rayport = storescuInto("Rayport", work, files, port -> null);
        double rayportScu = rayportScuIntoStorescp(work, files);
        double parse = parseThroughput(files, bytes);

        System.out.println();
        System.out.println("Rayport DICOM toolkit benchmark (" + Runtime.getRuntime().availableProcessors()
                + " cores, loopback, one association, TCP_NODELAY=1 for DCMTK and Orthanc)");
        System.out.println("--------------------------------------------------------------------------");
        row("storescu -> DCMTK storescp", storescp + " images/s", "");
        row("storescu -> Orthanc", orthanc + " images/s", "");
        row("storescu -> Rayport SCP (to disk, fsync)", rayport + " images/s",
                String.format("%.2fx storescp, %.2fx Orthanc", rayport / storescp, rayport / orthanc));
        row("Rayport SCU -> storescp", rayportScu + " images/s",
                String.format("%.2fx storescu -> storescp", rayportScu / storescp));
        row("Part 10 parse of the series", String.format("%.0f MB/s", parse), "");
        System.out.println("--------------------------------------------------------------------------");
        System.out.println("goals: Rayport SCP >= storescp and >= 1.3x Orthanc");
    }

    interface Peer {
        Process start(int port) throws Exception;
    }

    static double storescuInto(String name, Path work, List<String> files, Peer peer) throws Exception {
        int port = freePort();
        Path received = Files.createDirectories(work.resolve("in-" + name));
        Process process = null;
        AssociationAcceptor rayport = null;
        String calledAe = "RAYPORT";
        try {
            if (name.equals("Rayport")) {
                rayport = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Duration.ofSeconds(10),
                        Duration.ofSeconds(60), 8, USER),
                        List.of(new AssociationAcceptor.Service(AeTitle.of(calledAe), Map.of(
                                Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE, IMPLICIT_LE)), Set.of(),
                                Storage.scp(received))));
            } else {
                process = peer.start(port);
                calledAe = name.equals("Orthanc") ? "ORTHANC" : "STORESCP";
                awaitListening(port);
            }
            List<String> command = new ArrayList<>(List.of("storescu", "-aet", "BENCH", "-aec", calledAe,
                    "127.0.0.1", Integer.toString(port)));
            command.addAll(files);
            long start = System.nanoTime();
            exec(command, work.resolve("storescu-" + name + ".out"));
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = Math.round(files.size() / seconds);
            System.out.printf("bench: storescu -> %s: %d images in %.2f s%n", name, files.size(), seconds);
            return rate;
        } finally {
            if (rayport != null) {
                rayport.close();
            }
            if (process != null) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static double rayportScuIntoStorescp(Path work, List<String> files) throws Exception {
        int port = freePort();
        Process storescp = dcmtkStorescp(work, port);
        try {
            awaitListening(port);
            long start = System.nanoTime();
            try (Association association = Association.request(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    new AssociateRequest(AeTitle.of("STORESCP"), AeTitle.of("RAYPORT"),
                            List.of(new PresentationContext(1, Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE))), USER),
                    Duration.ofSeconds(30))) {
                int id = 1;
                for (String file : files) {
                    int status = Storage.store(association, Path.of(file), id++);
                    if (status != 0) {
                        throw new IllegalStateException("storescp answered 0x" + Integer.toHexString(status));
                    }
                }
                association.release();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("bench: Rayport SCU -> storescp: %d images in %.2f s%n", files.size(), seconds);
            return Math.round(files.size() / seconds);
        } finally {
            storescp.destroy();
            storescp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static double parseThroughput(List<String> files, long bytes) throws IOException {
        for (String file : files.subList(0, Math.min(50, files.size()))) {
            Part10Reader.read(Path.of(file));   // warm-up
        }
        long start = System.nanoTime();
        for (String file : files) {
            Part10Reader.read(Path.of(file));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return bytes / 1e6 / seconds;
    }

    static Process dcmtkStorescp(Path work, int port) throws IOException {
        Path out = Files.createDirectories(work.resolve("storescp-" + port));
        return start(List.of("storescp", "--aetitle", "STORESCP", "--output-directory", out.toString(),
                Integer.toString(port)), work.resolve("storescp-" + port + ".log"));
    }

    static Process orthanc(Path work, int port) throws IOException {
        Path dir = Files.createDirectories(work.resolve("orthanc"));
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, "{\"Name\":\"bench\",\"StorageDirectory\":\"" + dir.resolve("storage")
                + "\",\"IndexDirectory\":\"" + dir.resolve("index") + "\",\"DicomAet\":\"ORTHANC\",\"DicomPort\":"
                + port + ",\"HttpPort\":" + freePort() + ",\"RemoteAccessAllowed\":false,"
                + "\"AuthenticationEnabled\":false,\"DicomCheckCalledAet\":false,\"Plugins\":[]}");
        return start(List.of("Orthanc", "--logdir=" + dir, config.toString()), dir.resolve("orthanc.out"));
    }

    static Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        return builder.start();
    }

    static void exec(List<String> command, Path log) throws Exception {
        Process process = start(command, log);
        if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(log));
        }
    }

    static long generate(Path dir, int count) throws IOException {
        Random random = new Random(42);
        String study = uid();
        String series = uid();
        byte[] pixels = new byte[512 * 512 * 2];
        long total = 0;
        for (int i = 0; i < count; i++) {
            random.nextBytes(pixels);
            for (int p = 1; p < pixels.length; p += 2) {
                pixels[p] &= 0x0F;
            }
            Attributes ct = Attributes.builder()
                    .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                    .setString(Tags.SOP_INSTANCE_UID, Vr.UI, uid())
                    .setString(Tag.named("StudyInstanceUID"), Vr.UI, study)
                    .setString(Tag.named("SeriesInstanceUID"), Vr.UI, series)
                    .setString(Tag.named("PatientName"), Vr.PN, "Bench^Patient")
                    .setString(Tag.named("PatientID"), Vr.LO, "BENCH-1")
                    .setString(Tag.named("Modality"), Vr.CS, "CT")
                    .setInt(Tag.named("InstanceNumber"), Vr.IS, i + 1)
                    .setInt(Tag.named("SamplesPerPixel"), Vr.US, 1)
                    .setString(Tag.named("PhotometricInterpretation"), Vr.CS, "MONOCHROME2")
                    .setInt(Tag.named("Rows"), Vr.US, 512)
                    .setInt(Tag.named("Columns"), Vr.US, 512)
                    .setInt(Tag.named("BitsAllocated"), Vr.US, 16)
                    .setInt(Tag.named("BitsStored"), Vr.US, 12)
                    .setInt(Tag.named("HighBit"), Vr.US, 11)
                    .setInt(Tag.named("PixelRepresentation"), Vr.US, 0)
                    .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels.clone())
                    .build();
            Path file = dir.resolve(String.format("ct%04d.dcm", i));
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct, file);
            total += Files.size(file);
        }
        return total;
    }

    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().map(Path::toString).toList();
        }
    }

    static String uid() {
        UUID uuid = UUID.randomUUID();
        return "2.25." + new BigInteger(1, ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    static void row(String metric, String value, String ratio) {
        System.out.printf("%-42s %16s   %s%n", metric, value, ratio);
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
