package org.rayport.dicom.net.dimse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

/**
 * dcmsend offers each file in its own transfer syntax: uncompressed, deflated, big endian, every JPEG flavour,
 * JPEG-LS, RLE, JPEG 2000, single and multi-frame, made from one complete CT by DCMTK and gdcm. Rayport's storage
 * SCP keeps each one in meaning (compressed ones in their syntax, byte for byte): dcmdump sees the same data set, gdcm the same pixel checksum, and
 * dciodvfy finds no error in a received CT.
 */
public class TransferSyntaxTest {

    private static final UserInformation USER = UserInformation.of(65536, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");
    private static final String MULTIFRAME_WORD_SC = "1.2.840.10008.5.1.4.1.1.7.3";
    private static final List<String> ALL_SYNTAXES = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                    TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.JPEG_BASELINE,
                    TransferSyntax.JPEG_EXTENDED, TransferSyntax.JPEG_LOSSLESS, TransferSyntax.JPEG_LOSSLESS_SV1,
                    TransferSyntax.JPEG_LS_LOSSLESS, TransferSyntax.JPEG_LS_NEAR_LOSSLESS,
                    TransferSyntax.JPEG_2000_LOSSLESS, TransferSyntax.JPEG_2000, TransferSyntax.RLE_LOSSLESS)
            .stream().map(TransferSyntax::uid).toList();

    private AssociationAcceptor acceptor;

    @After
    public void stop() throws Exception {
        if (acceptor != null) {
            acceptor.close();
        }
    }

    @Test(timeout = 120_000)
    public void dcmsendStoresEveryTransferSyntaxIntoRayport() throws Exception {
        Peers.require("dcmsend", "dcmconv", "dcmcjpeg", "dcmcjpls", "dcmcrle", "dcmodify", "dcmdump", "gdcmconv",
                "gdcminfo", "dciodvfy");
        Path work = Files.createTempDirectory("syntaxes-");
        Path ct = work.resolve("ct.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(completeCt(), ct);
        Path multiframe = work.resolve("multiframe.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(multiframe(4), multiframe);

        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("implicit", List.of("dcmconv", "+ti", ct.toString()));
        variants.put("big-endian", List.of("dcmconv", "+tb", ct.toString()));
        variants.put("deflated", List.of("dcmconv", "+td", ct.toString()));
        variants.put("jpeg-sv1", List.of("dcmcjpeg", ct.toString()));
        variants.put("jpeg-process14-sv6", List.of("dcmcjpeg", "+el", ct.toString()));
        variants.put("jpeg-extended", List.of("dcmcjpeg", "+ee", ct.toString()));
        variants.put("jpeg-ls", List.of("dcmcjpls", ct.toString()));
        variants.put("jpeg-ls-near", List.of("dcmcjpls", "+en", ct.toString()));
        variants.put("rle", List.of("dcmcrle", ct.toString()));
        variants.put("j2k", List.of("gdcmconv", "--j2k", ct.toString()));
        variants.put("multiframe", List.of("dcmconv", "+te", multiframe.toString()));
        variants.put("multiframe-jpeg-sv1", List.of("dcmcjpeg", multiframe.toString()));
        variants.put("multiframe-rle", List.of("dcmcrle", multiframe.toString()));
        variants.put("multiframe-j2k", List.of("gdcmconv", "--j2k", multiframe.toString()));

        Path outgoing = Files.createDirectories(work.resolve("outgoing"));
        Map<String, Path> sent = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
            Path file = outgoing.resolve(variant.getKey() + ".dcm");
            List<String> command = new ArrayList<>(variant.getValue());
            command.add(file.toString());
            run(work, command);
            run(work, List.of("dcmodify", "-nb", "-gin", file.toString()));
            sent.put(Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID), file);
        }
        Set<String> syntaxesSent = new java.util.TreeSet<>();
        for (Path file : sent.values()) {
            syntaxesSent.add(Part10Reader.read(file).transferSyntax().uid());
        }
        assertEquals("every syntax made: " + syntaxesSent, 11, syntaxesSent.size());

        Path received = Files.createDirectories(work.resolve("received"));
        acceptor = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, USER),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT"), Map.of(
                        Uids.CT_IMAGE_STORAGE, ALL_SYNTAXES, MULTIFRAME_WORD_SC, ALL_SYNTAXES), Set.of(),
                        Storage.scp(received))));
        List<String> dcmsend = new ArrayList<>(List.of("dcmsend", "-v", "-aec", "RAYPORT", "-dn", "-nuc",
                "127.0.0.1", Integer.toString(acceptor.port())));
        sent.values().forEach(file -> dcmsend.add(file.toString()));
        String report = run(work, dcmsend);

        for (Map.Entry<String, Path> instance : sent.entrySet()) {
            Path source = instance.getValue();
            Path copy = received.resolve(instance.getKey() + ".dcm");
            String name = source.getFileName().toString();
            assertTrue(name + " did not arrive: " + report, Files.exists(copy));
            TransferSyntax sentAs = Part10Reader.read(source).transferSyntax();
            if (sentAs.encapsulated()) {
                assertEquals(name, sentAs, Part10Reader.read(copy).transferSyntax());
            }
            assertEquals(name, dataSetDump(work, source), dataSetDump(work, copy));
            assertEquals(name, pixelChecksum(work, source), pixelChecksum(work, copy));
            // The multi-frame secondary capture is not a complete IOD, and dciodvfy cannot read deflated files.
            if (!name.startsWith("multiframe") && !name.startsWith("deflated")) {
                String validation = Peers.run(Files.createTempFile(work, "dciodvfy", ".out"),
                        List.of("dciodvfy", copy.toString())).output();
                List<String> errors = validation.lines().filter(l -> l.startsWith("Error")).toList();
                assertTrue(name + ": " + validation, errors.isEmpty());
            }
        }
    }

    /**
     * dcmdump of the data set alone: the meta header names the sender's implementation, and an uncompressed data
     * set may arrive in the syntax the acceptor prefers.
     */
    private static String dataSetDump(Path work, Path file) throws Exception {
        return run(work, List.of("dcmdump", "-q", "+L", file.toString())).lines()
                .filter(line -> !line.startsWith("(0002,") && !line.startsWith("#"))
                .collect(Collectors.joining("\n"));
    }

    private static String pixelChecksum(Path work, Path file) throws Exception {
        return run(work, List.of("gdcminfo", "--md5sum", file.toString())).lines()
                .filter(line -> line.startsWith("md5sum:")).findFirst()
                .orElseThrow(() -> new AssertionError("gdcminfo gave no checksum for " + file));
    }

    private static String run(Path work, List<String> command) throws Exception {
        Peers.Result result = Peers.run(Files.createTempFile(work, command.get(0), ".out"), command);
        assertEquals(command + " failed: " + result.output(), 0, result.exitCode());
        return result.output();
    }

    /** A CT with every module the CT Image IOD requires, and a round phantom with noise as pixels. */
    static Attributes completeCt() {
        return imageModules(Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                .setString(Tag.named("ImageType"), Vr.CS, "ORIGINAL", "PRIMARY", "AXIAL")
                .setString(Tag.named("Modality"), Vr.CS, "CT")
                .setString(Tag.named("FrameOfReferenceUID"), Vr.UI, QueryTest.uid())
                .setString(Tag.named("PositionReferenceIndicator"), Vr.LO)
                .setString(Tag.named("PatientPosition"), Vr.CS, "HFS")
                .setString(Tag.named("PixelSpacing"), Vr.DS, "0.5", "0.5")
                .setString(Tag.named("ImageOrientationPatient"), Vr.DS, "1", "0", "0", "0", "1", "0")
                .setString(Tag.named("ImagePositionPatient"), Vr.DS, "-64", "-64", "0")
                .setString(Tag.named("SliceThickness"), Vr.DS, "1")
                .setString(Tag.named("RescaleIntercept"), Vr.DS, "-1024")
                .setString(Tag.named("RescaleSlope"), Vr.DS, "1")
                .setString(Tag.named("KVP"), Vr.DS, "120")
                .setInt(Tag.named("AcquisitionNumber"), Vr.IS, 1), 1).build();
    }

    /** A multi-frame grayscale word secondary capture: several frames in one pixel data element. */
    static Attributes multiframe(int frames) {
        return imageModules(Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Vr.UI, MULTIFRAME_WORD_SC)
                .setString(Tag.named("Modality"), Vr.CS, "OT")
                .setString(Tag.named("ConversionType"), Vr.CS, "WSD")
                .setInt(Tag.named("NumberOfFrames"), Vr.IS, frames)
                .setBytes(Tag.named("FrameIncrementPointer"), Vr.AT, new byte[] {0x18, 0x00, 0x63, 0x10})
                .setString(Tag.named("FrameTime"), Vr.DS, "100"), frames).build();
    }

    private static Attributes.Builder imageModules(Attributes.Builder image, int frames) {
        int size = 128;
        byte[] pixels = new byte[size * size * 2 * frames];
        java.util.Random noise = new java.util.Random(11);
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double r = Math.hypot(x - size / 2.0, y - size / 2.0);
                    int value = (r < 50 ? 1064 + 20 * f : 24) + noise.nextInt(30);
                    int at = ((f * size + y) * size + x) * 2;
                    pixels[at] = (byte) value;
                    pixels[at + 1] = (byte) (value >> 8);
                }
            }
        }
        return image
                .setString(Tag.named("SpecificCharacterSet"), Vr.CS, "ISO_IR 100")
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, QueryTest.uid())
                .setString(Tag.named("StudyInstanceUID"), Vr.UI, QueryTest.uid())
                .setString(Tag.named("SeriesInstanceUID"), Vr.UI, QueryTest.uid())
                .setString(Tag.named("PatientName"), Vr.PN, "Müller^Anna")
                .setString(Tag.named("PatientID"), Vr.LO, "P-0001")
                .setString(Tag.named("PatientBirthDate"), Vr.DA, "19700101")
                .setString(Tag.named("PatientSex"), Vr.CS, "F")
                .setString(Tag.named("StudyDate"), Vr.DA, "20261127")
                .setString(Tag.named("StudyTime"), Vr.TM, "101500")
                .setString(Tag.named("ReferringPhysicianName"), Vr.PN)
                .setString(Tag.named("StudyID"), Vr.SH, "1")
                .setString(Tag.named("AccessionNumber"), Vr.SH, "ACC-1")
                .setInt(Tag.named("SeriesNumber"), Vr.IS, 1)
                .setString(Tag.named("Laterality"), Vr.CS)
                .setString(Tag.named("Manufacturer"), Vr.LO, "Rayport test")
                .setInt(Tag.named("InstanceNumber"), Vr.IS, 1)
                .setString(Tag.named("PatientOrientation"), Vr.CS)
                .setInt(Tag.named("SamplesPerPixel"), Vr.US, 1)
                .setString(Tag.named("PhotometricInterpretation"), Vr.CS, "MONOCHROME2")
                .setInt(Tag.named("Rows"), Vr.US, size)
                .setInt(Tag.named("Columns"), Vr.US, size)
                .setInt(Tag.named("BitsAllocated"), Vr.US, 16)
                .setInt(Tag.named("BitsStored"), Vr.US, 12)
                .setInt(Tag.named("HighBit"), Vr.US, 11)
                .setInt(Tag.named("PixelRepresentation"), Vr.US, 0)
                .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels);
    }
}
