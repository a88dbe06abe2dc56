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
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.RoleSelection;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

/**
 * Rayport's requesters against DCMTK's archive, dcmqrscp: C-ECHO, C-STORE into it, C-FIND, C-MOVE to a Rayport
 * storage SCP, and C-GET on the same association.
 */
public class DcmqrscpTest {

    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final UserInformation USER = UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");
    private static final Tag STUDY_UID = Tag.named("StudyInstanceUID");
    private static final Tag LEVEL = Tag.named("QueryRetrieveLevel");

    private Process dcmqrscp;
    private AssociationAcceptor rayport;

    @After
    public void stop() throws Exception {
        Peers.stop(dcmqrscp);
        if (rayport != null) {
            rayport.close();
        }
    }

    @Test(timeout = 90_000)
    public void rayportStoresFindsMovesAndGetsWithDcmqrscp() throws Exception {
        Peers.require("dcmqrscp");
        Path work = Files.createTempDirectory("dcmqrscp-");
        Path archive = Files.createDirectories(work.resolve("archive"));
        Path moved = Files.createDirectories(work.resolve("moved"));
        Path got = Files.createDirectories(work.resolve("got"));
        rayport = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, USER),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT_IN"), Map.of(
                        Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE, IMPLICIT_LE)), Set.of(), Storage.scp(moved))));
        int port = Peers.freePort();
        Path config = work.resolve("dcmqrscp.cfg");
        Files.writeString(config, String.join("\n",
                "NetworkTCPPort = " + port,
                "MaxPDUSize = 16384",
                "MaxAssociations = 16",
                "HostTable BEGIN",
                "rayport = (RAYPORT_IN, 127.0.0.1, " + rayport.port() + ")",
                "rayportscu = (RAYPORT, 127.0.0.1, " + rayport.port() + ")",
                "HostTable END",
                "VendorTable BEGIN",
                "VendorTable END",
                "AETable BEGIN",
                "DCMQRSCP " + archive + " RW (100, 1024mb) ANY",
                "AETable END", ""));
        dcmqrscp = Peers.start(work.resolve("dcmqrscp.out"), List.of("dcmqrscp", "-s", "-c", config.toString()));
        Peers.awaitListening(port);

        Attributes first = QueryTest.study("QR^DCMTK", "20240707");
        String study = first.getString(STUDY_UID);
        Set<String> stored = new TreeSet<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Attributes instance = first.toBuilder().setString(Tags.SOP_INSTANCE_UID, Vr.UI, QueryTest.uid())
                    .setString(Tag.named("StudyTime"), Vr.TM, "120000")
                    .setString(Tag.named("AccessionNumber"), Vr.SH, "A1")
                    .setString(Tag.named("StudyID"), Vr.SH, "1")
                    .setInt(Tag.named("SeriesNumber"), Vr.IS, 1)
                    .setInt(Tag.named("InstanceNumber"), Vr.IS, i + 1).build();
            stored.add(instance.getString(Tags.SOP_INSTANCE_UID));
            Path file = work.resolve("i" + i + ".dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(instance, file);
            files.add(file);
        }
        Attributes studyKeys = Attributes.builder()
                .setString(LEVEL, Vr.CS, "STUDY")
                .setString(STUDY_UID, Vr.UI, study)
                .build();

        try (Association association = Association.request(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                new AssociateRequest(AeTitle.of("DCMQRSCP"), AeTitle.of("RAYPORT"), List.of(
                        new PresentationContext(1, Uids.VERIFICATION, List.of(IMPLICIT_LE)),
                        new PresentationContext(3, Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE, IMPLICIT_LE)),
                        new PresentationContext(5, Uids.STUDY_ROOT_QR_FIND, List.of(EXPLICIT_LE)),
                        new PresentationContext(7, Uids.STUDY_ROOT_QR_MOVE, List.of(EXPLICIT_LE)),
                        new PresentationContext(9, Uids.STUDY_ROOT_QR_GET, List.of(EXPLICIT_LE))),
                        new UserInformation(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT", null, null,
                                List.of(new RoleSelection(Uids.CT_IMAGE_STORAGE, true, true)))),
                Duration.ofSeconds(10))) {
            assertEquals(Commands.SUCCESS, Verification.echo(association, 1));
            int messageId = 2;
            for (Path file : files) {
                assertEquals(Commands.SUCCESS, Storage.store(association, file, messageId++));
            }
            List<Attributes> studies = new ArrayList<>();
            assertEquals(Commands.SUCCESS, Query.find(association, Uids.STUDY_ROOT_QR_FIND, Attributes.builder()
                    .setString(LEVEL, Vr.CS, "STUDY")
                    .setString(Tag.named("PatientName"), Vr.PN, "QR*")
                    .setString(STUDY_UID, Vr.UI)
                    .build(), messageId++, studies::add));
            assertEquals(1, studies.size());
            assertEquals(study, studies.get(0).getString(STUDY_UID));

            Retrieve.Outcome move = Retrieve.move(association, Uids.STUDY_ROOT_QR_MOVE, studyKeys,
                    AeTitle.of("RAYPORT_IN"), messageId++);
            assertEquals(Commands.SUCCESS, move.status());
            assertEquals(3, move.completed());

            Retrieve.Outcome get = Retrieve.get(association, Uids.STUDY_ROOT_QR_GET, studyKeys, messageId++,
                    Storage.toDirectory(got));
            assertEquals(Commands.SUCCESS, get.status());
            assertEquals(3, get.completed());
            association.release();
        }
        assertEquals(stored, instancesIn(moved));
        assertEquals(stored, instancesIn(got));
    }

    private static Set<String> instancesIn(Path directory) throws Exception {
        Set<String> uids = new TreeSet<>();
        try (var listing = Files.list(directory)) {
            for (Path file : listing.toList()) {
                uids.add(Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID));
            }
        }
        return uids;
    }
}
