package org.rayport.dicom.net.dimse;

import static org.junit.Assert.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.Orthanc;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.RoleSelection;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

/** Retrieve as requester: Orthanc sends a study it holds to Rayport's storage SCP (C-MOVE) or back on the same
 * association (C-GET). */
public class RetrieveTest {

    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final UserInformation USER = UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");

    @Test(timeout = 60_000)
    public void orthancMovesAStudyIntoRayport() throws Exception {
        Path work = Files.createTempDirectory("retrieve-");
        Path received = Files.createDirectories(work.resolve("received"));
        int rayportPort = Peers.freePort();
        try (AssociationAcceptor rayport = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), rayportPort), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, USER),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT_IN"), Map.of(
                        Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE, IMPLICIT_LE)), Set.of(), Storage.scp(received))));
             Orthanc orthanc = Orthanc.start(work,
                     "{\"rayport\":[\"RAYPORT_IN\",\"127.0.0.1\"," + rayportPort + "]}")) {
            Attributes first = QueryTest.study("MOVE^ME", "20250101");
            String study = first.getString(Tag.named("StudyInstanceUID"));
            Set<String> sent = new TreeSet<>();
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Attributes instance = first.toBuilder().setString(Tags.SOP_INSTANCE_UID, Vr.UI, QueryTest.uid()).build();
                sent.add(instance.getString(Tags.SOP_INSTANCE_UID));
                Path file = work.resolve("i" + i + ".dcm");
                Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(instance, file);
                files.add(file);
            }
            try (Association association = Association.request(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), orthanc.dicomPort),
                    new AssociateRequest(AeTitle.of("ORTHANC"), AeTitle.of("RAYPORT"), List.of(
                            new PresentationContext(1, Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE)),
                            new PresentationContext(3, Uids.STUDY_ROOT_QR_MOVE, List.of(EXPLICIT_LE))), USER),
                    Duration.ofSeconds(10))) {
                int messageId = 1;
                for (Path file : files) {
                    assertEquals(Commands.SUCCESS, Storage.store(association, file, messageId++));
                }
                Retrieve.Outcome outcome = Retrieve.move(association, Uids.STUDY_ROOT_QR_MOVE, Attributes.builder()
                        .setString(Tag.named("QueryRetrieveLevel"), Vr.CS, "STUDY")
                        .setString(Tag.named("StudyInstanceUID"), Vr.UI, study)
                        .build(), AeTitle.of("RAYPORT_IN"), messageId);
                assertEquals(Commands.SUCCESS, outcome.status());
                assertEquals(3, outcome.completed());
                assertEquals(0, outcome.failed());
                association.release();
            }
            Set<String> arrived = new TreeSet<>();
            try (var listing = Files.list(received)) {
                for (Path file : listing.toList()) {
                    arrived.add(Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID));
                }
            }
            assertEquals(sent, arrived);
        }
    }

    @Test(timeout = 60_000)
    public void rayportGetsAStudyFromOrthanc() throws Exception {
        Path work = Files.createTempDirectory("get-");
        Path received = Files.createDirectories(work.resolve("received"));
        try (Orthanc orthanc = Orthanc.start(work, "{\"rayport\":[\"RAYPORT\",\"127.0.0.1\",1]}")) {
            Attributes first = QueryTest.study("GET^ME", "20250102");
            String study = first.getString(Tag.named("StudyInstanceUID"));
            Set<String> sent = new TreeSet<>();
            try (Association association = Association.request(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), orthanc.dicomPort),
                    new AssociateRequest(AeTitle.of("ORTHANC"), AeTitle.of("RAYPORT"), List.of(
                            new PresentationContext(1, Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE, IMPLICIT_LE)),
                            new PresentationContext(3, Uids.STUDY_ROOT_QR_GET, List.of(EXPLICIT_LE))),
                            new UserInformation(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT", null, null,
                                    List.of(new RoleSelection(Uids.CT_IMAGE_STORAGE, true, true)))),
                    Duration.ofSeconds(10))) {
                for (int i = 0; i < 4; i++) {
                    Attributes instance = first.toBuilder()
                            .setString(Tags.SOP_INSTANCE_UID, Vr.UI, QueryTest.uid()).build();
                    sent.add(instance.getString(Tags.SOP_INSTANCE_UID));
                    Path file = work.resolve("i" + i + ".dcm");
                    Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(instance, file);
                    assertEquals(Commands.SUCCESS, Storage.store(association, file, i + 1));
                }
                Retrieve.Outcome outcome = Retrieve.get(association, Uids.STUDY_ROOT_QR_GET, Attributes.builder()
                        .setString(Tag.named("QueryRetrieveLevel"), Vr.CS, "STUDY")
                        .setString(Tag.named("StudyInstanceUID"), Vr.UI, study)
                        .build(), 10, Storage.toDirectory(received));
                association.release();
                assertEquals(Commands.SUCCESS, outcome.status());
                assertEquals(4, outcome.completed());
            }
            Set<String> arrived = new TreeSet<>();
            try (var listing = Files.list(received)) {
                for (Path file : listing.toList()) {
                    arrived.add(Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID));
                }
            }
            assertEquals(sent, arrived);
        }
    }
}
