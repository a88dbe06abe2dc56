package org.rayport.pools.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.dimse.Commands;
import org.rayport.dicom.net.dimse.Retrieve;
import org.rayport.dicom.net.dimse.ServiceClassProvider;
import org.rayport.dicom.net.dimse.Storage;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.pools.PacsException;
import org.rayport.pools.PacsQuery;
import org.rayport.pools.PacsSeries;
import org.rayport.pools.PacsStudy;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.RetrieveProgress;
import org.rayport.testing.Peers;
import org.rayport.testing.OrthancPeer;

/** Rayport's requester side against Orthanc: searches, C-MOVE with its counts, C-GET, and the errors in words. */
public class PacsClientTest {

    private static final Retrieve.Connector CONNECTOR = new Retrieve.Connector(
            UserInformation.of(65536, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT"), Duration.ofSeconds(10), null);

    private static Path work;
    private static Path inbox;
    private static OrthancPeer orthanc;
    private static AssociationAcceptor local;
    private static TestStudies.Study jane;
    private static TestStudies.Study john;
    private static TestStudies.Study anna;

    @BeforeClass
    public static void startOrthanc() throws Exception {
        work = Files.createTempDirectory("pacs-client-");
        inbox = Files.createDirectories(work.resolve("inbox"));
        int localPort = Peers.freePort();
        local = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, CONNECTOR.userInformation()),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT_QR"), NetworkNodePool.supportedSyntaxes(),
                        (caller, from) -> true, ServiceClassProvider.builder().storage(Storage.toDirectory(inbox))
                        .build())));
        // Orthanc matches names case-sensitively here, as some PACS do.
        orthanc = OrthancPeer.start(work, "{\"rayport\":[\"RAYPORT_QR\",\"127.0.0.1\"," + localPort + "]}", true);
        Path files = Files.createDirectories(work.resolve("files"));
        jane = TestStudies.write(files, "Doe^Jane", "P-JANE", "ACC-1", "20240110", "CT", 2, 3);
        john = TestStudies.write(files, "DOE^JOHN", "P-JOHN", "ACC-2", "20240220", "MR", 1, 2);
        anna = TestStudies.write(files, "Smith^Anna", "P-ANNA", "ACC-3", "20230305", "CT", 1, 1);
        List<Path> all = new ArrayList<>(jane.files());
        all.addAll(john.files());
        all.addAll(anna.files());
        orthanc.store(all);
    }

    @AfterClass
    public static void stopOrthanc() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
        if (local != null) {
            local.close();
        }
    }

    private static PacsClient client(String localAe) {
        return new PacsClient(new PoolSettings.QueryRetrieve("127.0.0.1", orthanc.dicomPort, OrthancPeer.AE_TITLE,
                localAe, 11113), CONNECTOR);
    }

    private static Set<String> uids(List<PacsStudy> studies) {
        return studies.stream().map(PacsStudy::studyInstanceUid).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test(timeout = 60_000)
    public void searchesByNameIdAccessionDatesAndModality() {
        PacsClient pacs = client("RAYPORT_QR");
        assertEquals(Set.of(jane.studyUid()), uids(pacs.findStudies(PacsQuery.all().withPatientName("Doe*"))));
        assertEquals("as typed and upper-cased, merged", Set.of(jane.studyUid(), john.studyUid()),
                uids(pacs.findStudies(PacsQuery.all().withPatientName("Doe*").withCaseSensitivePacs(true))));
        assertEquals(Set.of(anna.studyUid()), uids(pacs.findStudies(PacsQuery.all().withPatientId("P-ANNA"))));
        assertEquals(Set.of(john.studyUid()), uids(pacs.findStudies(PacsQuery.all().withAccessionNumber("ACC-2"))));
        assertEquals(Set.of(jane.studyUid(), john.studyUid()), uids(pacs.findStudies(PacsQuery.all()
                .withStudyDates(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))));
        assertEquals(Set.of(anna.studyUid()), uids(pacs.findStudies(PacsQuery.all()
                .withStudyDates(null, LocalDate.of(2023, 12, 31)))));
        assertEquals(Set.of(john.studyUid()), uids(pacs.findStudies(PacsQuery.all().withModality("MR"))));

        PacsStudy found = pacs.findStudies(PacsQuery.all().withPatientId("P-JANE")).get(0);
        assertEquals("Doe^Jane", found.patientName());
        assertEquals(LocalDate.of(2024, 1, 10), found.studyDate());
        assertEquals(LocalDate.of(1970, 1, 1), found.patientBirthDate());
        assertEquals("ACC-1", found.accessionNumber());
        assertEquals(List.of("CT"), found.modalities());
        assertEquals(Integer.valueOf(2), found.seriesCount());
        assertEquals(Integer.valueOf(6), found.instanceCount());

        List<PacsSeries> series = pacs.findSeries(jane.studyUid());
        assertEquals(new TreeSet<>(jane.seriesUids()),
                series.stream().map(PacsSeries::seriesInstanceUid).collect(Collectors.toCollection(TreeSet::new)));
        series.forEach(s -> assertEquals(Integer.valueOf(3), s.instanceCount()));

        assertEquals("the search stops at the limit", 1, pacs.findStudies(PacsQuery.all().withLimit(1)).size());
    }

    @Test(timeout = 60_000)
    public void movesAStudyToTheLocalAeTitleWithItsCounts() throws Exception {
        List<RetrieveProgress> seen = new ArrayList<>();
        PacsClient.MoveOutcome outcome = client("RAYPORT_QR").move(jane.studyUid(), null, seen::add);
        assertEquals(Commands.SUCCESS, outcome.status());
        assertEquals(6, outcome.progress().completed());
        assertEquals(0, outcome.progress().failed());
        assertTrue(outcome.progress().done());
        assertEquals("Orthanc answers each instance but the last with a pending count", 5, seen.size());
        for (RetrieveProgress pending : seen) {
            assertFalse(pending.done());
            assertEquals("pending counts add up to the study: " + pending, 6,
                    pending.completed() + pending.remaining() + pending.failed() + pending.warnings());
        }
        assertEquals(sopUids(jane.files()), sopUids(listed(inbox)));
    }

    @Test(timeout = 60_000)
    public void aPacsThatDoesNotKnowUsRefusesTheMoveButSendsByGet() throws Exception {
        PacsClient stranger = client("STRANGER");
        PacsClient.MoveOutcome refused = stranger.move(john.studyUid(), null, p -> { });
        assertNotEquals(Commands.SUCCESS, refused.status());
        assertEquals(0, refused.progress().completed());

        List<String> classes = stranger.instanceClasses(john.studyUid(), null);
        assertEquals(List.of(Uids.CT_IMAGE_STORAGE, Uids.CT_IMAGE_STORAGE), classes);
        Path received = Files.createDirectories(work.resolve("got"));
        List<RetrieveProgress> seen = new ArrayList<>();
        RetrieveProgress got = stranger.get(john.studyUid(), john.seriesUids().get(0), classes,
                Storage.toDirectory(received), seen::add);
        assertTrue(got.toString(), got.succeeded());
        assertEquals(RetrieveProgress.Method.GET, got.method());
        assertEquals(2, got.completed());
        assertEquals(2, seen.size());
        assertEquals(1, seen.get(0).remaining());
        assertEquals(sopUids(john.files()), sopUids(listed(received)));
    }

    @Test(timeout = 60_000)
    public void nothingListeningSaysUnreachable() throws Exception {
        PacsClient down = new PacsClient(new PoolSettings.QueryRetrieve("127.0.0.1", Peers.freePort(), "ORTHANC",
                "RAYPORT_QR", 11113), CONNECTOR);
        try {
            down.echo();
            fail("echo to nothing");
        } catch (PacsException expected) {
            assertEquals(PacsException.Reason.UNREACHABLE, expected.reason());
            assertTrue(expected.getMessage(), expected.getMessage().startsWith("PACS unreachable: nothing answers at"));
        }
    }

    @Test(timeout = 60_000)
    public void aWrongPacsAeTitleIsRejectedWithItsReason() {
        PacsClient wrong = new PacsClient(new PoolSettings.QueryRetrieve("127.0.0.1", orthanc.dicomPort, "NOT_ORTHANC",
                "RAYPORT_QR", 11113), CONNECTOR);
        try {
            wrong.findStudies(PacsQuery.all());
            fail("Orthanc checks the called AE title");
        } catch (PacsException expected) {
            assertEquals(PacsException.Reason.REJECTED, expected.reason());
            assertTrue(expected.getMessage(), expected.getMessage().contains("does not answer as AE title 'NOT_ORTHANC'"));
        }
    }

    static List<Path> listed(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".dcm")).toList();
        }
    }

    static Set<String> sopUids(List<Path> files) throws Exception {
        Set<String> uids = new TreeSet<>();
        for (Path file : files) {
            uids.add(Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID));
        }
        return uids;
    }
}
