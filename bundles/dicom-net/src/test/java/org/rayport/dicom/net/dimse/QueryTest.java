package org.rayport.dicom.net.dimse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.Orthanc;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

/** C-FIND both ways: DCMTK's findscu asks Rayport; Rayport asks Orthanc for what it stored there. */
public class QueryTest {

    private static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final UserInformation USER = UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");
    private static final Tag PATIENT_NAME = Tag.named("PatientName");
    private static final Tag STUDY_UID = Tag.named("StudyInstanceUID");

    private Path work;
    private Process peer;
    private AssociationAcceptor acceptor;

    @Before
    public void workDirectory() throws Exception {
        work = Files.createTempDirectory("query-");
    }

    @After
    public void stop() throws Exception {
        Peers.stop(peer);
        if (acceptor != null) {
            acceptor.close();
        }
    }

    @Test(timeout = 60_000)
    public void findscuGetsTheMatchesOfRayport() throws Exception {
        Peers.require("findscu");
        List<Attributes> studies = List.of(study("DOE^JOHN", "20240101"), study("DOE^JANE", "20240202"),
                study("ROE^RICHARD", "20240303"));
        Query.Matcher byNamePrefix = (sopClass, keys) -> {
            String pattern = keys.getString(PATIENT_NAME, "*");
            String prefix = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
            return studies.stream().filter(s -> s.getString(PATIENT_NAME).startsWith(prefix)).iterator();
        };
        acceptor = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, USER),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT"), Map.of(
                        Uids.STUDY_ROOT_QR_FIND, List.of(EXPLICIT_LE, IMPLICIT_LE)), Set.of(), Query.scp(byNamePrefix))));
        Peers.Result findscu = Peers.run(work.resolve("findscu.out"), List.of("findscu", "-v", "-S", "-aet", "FINDSCU",
                "-aec", "RAYPORT", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=DOE*",
                "-k", "StudyInstanceUID", "-k", "StudyDate", "127.0.0.1", Integer.toString(acceptor.port())));
        String output = findscu.output();
        assertEquals(output, 0, findscu.exitCode());
        assertEquals(output, 2, output.split("\\(Pending\\)", -1).length - 1);
        assertTrue(output, output.contains("DOE^JOHN") && output.contains("DOE^JANE") && !output.contains("ROE"));
        assertTrue(output, output.contains("20240202"));
    }

    @Test(timeout = 60_000)
    public void rayportFindsInOrthancWhatItStoredThere() throws Exception {
        try (Orthanc orthanc = Orthanc.start(work, "{}")) {
            findInOrthanc(orthanc.dicomPort);
        }
    }

    private void findInOrthanc(int port) throws Exception {
        Attributes stored = study("ORTHANC^TEST", "20250505");
        Path file = work.resolve("stored.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(stored, file);
        List<Attributes> matches = new ArrayList<>();
        try (Association association = Association.request(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                new AssociateRequest(AeTitle.of("ORTHANC"), AeTitle.of("RAYPORT"), List.of(
                        new PresentationContext(1, Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE)),
                        new PresentationContext(3, Uids.STUDY_ROOT_QR_FIND, List.of(EXPLICIT_LE))), USER),
                Duration.ofSeconds(10))) {
            assertEquals(Commands.SUCCESS, Storage.store(association, file, 1));
            int status = Query.find(association, Uids.STUDY_ROOT_QR_FIND, Attributes.builder()
                    .setString(Tag.named("QueryRetrieveLevel"), Vr.CS, "STUDY")
                    .setString(PATIENT_NAME, Vr.PN, "ORTHANC*")
                    .setString(STUDY_UID, Vr.UI)
                    .setString(Tag.named("StudyDate"), Vr.DA)
                    .build(), 2, matches::add);
            assertEquals(Commands.SUCCESS, status);
            association.release();
        }
        assertEquals(1, matches.size());
        assertEquals(stored.getString(STUDY_UID), matches.get(0).getString(STUDY_UID));
        assertEquals("20250505", matches.get(0).getString(Tag.named("StudyDate")));
    }

    static Attributes study(String patientName, String date) {
        return Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, uid())
                .setString(STUDY_UID, Vr.UI, uid())
                .setString(Tag.named("SeriesInstanceUID"), Vr.UI, uid())
                .setString(Tag.named("QueryRetrieveLevel"), Vr.CS, "STUDY")
                .setString(PATIENT_NAME, Vr.PN, patientName)
                .setString(Tag.named("PatientID"), Vr.LO, patientName.substring(0, 3))
                .setString(Tag.named("StudyDate"), Vr.DA, date)
                .setString(Tag.named("Modality"), Vr.CS, "CT")
                .build();
    }

    static String uid() {
        UUID uuid = UUID.randomUUID();
        return "2.25." + new BigInteger(1, ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }
}
