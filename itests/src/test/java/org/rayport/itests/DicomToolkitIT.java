package org.rayport.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.rayport.dicom.codec.PixelData;
import org.rayport.dicom.codec.Transcoder;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.dimse.Storage;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.UserInformation;

/**
 * The DICOM toolkit bundles inside the container: a storage SCP built from them receives from DCMTK's storescu, and
 * the codecs, whose libraries are embedded, decode JPEG lossless (TwelveMonkeys) and JPEG 2000 (JAI) under OSGi
 * class loading.
 */
public class DicomToolkitIT extends RayportTestSupport {

    @Test
    public void theToolkitBundlesAreActive() {
        for (String name : List.of("rayport-dicom-data", "rayport-dicom-net", "rayport-dicom-codec")) {
            assertEquals(name, Bundle.ACTIVE, bundle(name).getState());
        }
    }

    @Test
    public void storescuStoresIntoAnScpRunningInTheContainer() throws Exception {
        Path work = Files.createTempDirectory("dicom-it-");
        Path received = Files.createDirectories(work.resolve("received"));
        Path file = work.resolve("ct.dcm");
        Attributes ct = ct();
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct, file);
        List<String> syntaxes = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
        try (AssociationAcceptor scp = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT")),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT"), Map.of(Uids.CT_IMAGE_STORAGE, syntaxes),
                        Set.of(), Storage.scp(received))))) {
            PeerPrograms.run(work, List.of("storescu", "-aec", "RAYPORT", "127.0.0.1", Integer.toString(scp.port()),
                    file.toString()));
        }
        DicomFile arrived = Part10Reader.read(received.resolve(ct.getString(Tags.SOP_INSTANCE_UID) + ".dcm"));
        assertArrayEquals(ct.element(Tags.PIXEL_DATA).orElseThrow().bytes(),
                arrived.dataset().getBulkData(Tags.PIXEL_DATA).readAllBytes());
    }

    @Test
    public void codecsDecodeJpegLosslessAndJpeg2000UnderOsgi() throws Exception {
        Path work = Files.createTempDirectory("codec-it-");
        Attributes ct = ct();
        byte[] original = ct.element(Tags.PIXEL_DATA).orElseThrow().bytes();

        Attributes lossless = Transcoder.to(TransferSyntax.JPEG_LOSSLESS_SV1)
                .transcode(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertArrayEquals(original, PixelData.of(lossless, TransferSyntax.JPEG_LOSSLESS_SV1).frame(0));

        Path source = work.resolve("ct.dcm");
        Path j2k = work.resolve("ct-j2k.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct, source);
        PeerPrograms.run(work, List.of("gdcmconv", "--j2k", source.toString(), j2k.toString()));
        DicomFile compressed = Part10Reader.read(j2k);
        assertEquals(TransferSyntax.JPEG_2000_LOSSLESS, compressed.transferSyntax());
        assertArrayEquals(original, PixelData.of(compressed.dataset(), compressed.transferSyntax()).frame(0));
    }

    private static Attributes ct() {
        String study = "2.25." + System.nanoTime();
        return TestImages.ct("Container^Test", study, study + ".1", 1, 64).build();
    }
}
