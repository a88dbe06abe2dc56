package org.rayport.dicom.net.dimse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.FileArchive;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

/**
 * Rayport as a small PACS: DCMTK's findscu, movescu and getscu query and retrieve from it; C-CANCEL stops it.
 */
public class RetrieveScpTest {

    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final UserInformation USER = UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");
    private static final Tag STUDY_UID = Tag.named("StudyInstanceUID");
    private static final Tag SERIES_UID = Tag.named("SeriesInstanceUID");

    private Path work;
    private AssociationAcceptor rayport;
    /** Instances of the study under test, by series. */
    private final List<Attributes> seriesA = new ArrayList<>();
    private final List<Attributes> seriesB = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private String study;
    private int moveDestinationPort;

    @Before
    public void archive() throws Exception {
        Peers.require("findscu", "movescu", "getscu");
        work = Files.createTempDirectory("retrieve-scp-");
        Attributes first = QueryTest.study("RETRIEVE^ME", "20240404");
        study = first.getString(STUDY_UID);
        String seriesAUid = first.getString(SERIES_UID);
        String seriesBUid = QueryTest.uid();
        for (int i = 0; i < 5; i++) {
            Attributes instance = first.toBuilder()
                    .setString(Tags.SOP_INSTANCE_UID, Vr.UI, QueryTest.uid())
                    .setString(SERIES_UID, Vr.UI, i < 3 ? seriesAUid : seriesBUid)
                    .setInt(Tag.named("InstanceNumber"), Vr.IS, i + 1)
                    .build();
            (i < 3 ? seriesA : seriesB).add(instance);
            files.add(write(instance, i % 2 == 0 ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                    : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
        }
        files.add(write(QueryTest.study("OTHER^PATIENT", "20230303"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        moveDestinationPort = Peers.freePort();
        rayport = start(ServiceClassProvider.builder()
                .query(new FileArchive(files))
                .retrieve(new FileArchive(files),
                        ae -> ae.value().equals("MOVESCU") ? Optional.of(new InetSocketAddress(
                                InetAddress.getLoopbackAddress(), moveDestinationPort)) : Optional.empty(),
                        new Retrieve.Connector(USER, Duration.ofSeconds(10), null))
                .build());
    }

    private AssociationAcceptor start(AssociationAcceptor.Handler handler) throws Exception {
        List<String> syntaxes = List.of(EXPLICIT_LE, IMPLICIT_LE);
        return AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, USER),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT"), Map.of(
                        Uids.PATIENT_ROOT_QR_FIND, syntaxes, Uids.STUDY_ROOT_QR_FIND, syntaxes,
                        Uids.PATIENT_ROOT_QR_MOVE, syntaxes, Uids.STUDY_ROOT_QR_MOVE, syntaxes,
                        Uids.PATIENT_ROOT_QR_GET, syntaxes, Uids.STUDY_ROOT_QR_GET, syntaxes,
                        Uids.CT_IMAGE_STORAGE, syntaxes), Set.of(), handler)));
    }

    @After
    public void stop() throws Exception {
        if (rayport != null) {
            rayport.close();
        }
    }

    private Path write(Attributes instance, TransferSyntax syntax) throws Exception {
        Path file = work.resolve(instance.getString(Tags.SOP_INSTANCE_UID) + ".dcm");
        Part10Writer.of(syntax).write(instance, file);
        return file;
    }

    private List<String> scu(String tool, String... arguments) {
        List<String> command = new ArrayList<>(List.of(tool, "-v", "-aet", tool.toUpperCase(), "-aec", "RAYPORT"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("127.0.0.1", Integer.toString(rayport.port())));
        return command;
    }

    private static Set<String> uids(List<Attributes> instances) {
        Set<String> uids = new TreeSet<>();
        instances.forEach(i -> uids.add(i.getString(Tags.SOP_INSTANCE_UID)));
        return uids;
    }

    private static Set<String> receivedIn(Path directory) throws Exception {
        Set<String> uids = new TreeSet<>();
        try (var listing = Files.list(directory)) {
            for (Path file : listing.toList()) {
                uids.add(Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID));
            }
        }
        return uids;
    }

    @Test(timeout = 60_000)
    public void findscuQueriesEveryLevel() throws Exception {
        Peers.Result patients = Peers.run(work.resolve("patient.out"), scu("findscu", "-P",
                "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientName=RETRIEVE*", "-k", "PatientID"));
        assertEquals(patients.output(), 1, pending(patients.output()));
        assertTrue(patients.output(), patients.output().contains("RETRIEVE^ME"));

        Peers.Result studies = Peers.run(work.resolve("study.out"), scu("findscu", "-S",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "-k", "StudyDate=20240404"));
        assertEquals(studies.output(), 1, pending(studies.output()));
        assertTrue(studies.output(), studies.output().contains(study));

        Peers.Result series = Peers.run(work.resolve("series.out"), scu("findscu", "-S",
                "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=" + study, "-k", "SeriesInstanceUID"));
        assertEquals(series.output(), 2, pending(series.output()));

        Peers.Result images = Peers.run(work.resolve("image.out"), scu("findscu", "-S",
                "-k", "QueryRetrieveLevel=IMAGE", "-k", "StudyInstanceUID=" + study,
                "-k", "SeriesInstanceUID=" + seriesB.get(0).getString(SERIES_UID), "-k", "SOPInstanceUID"));
        assertEquals(images.output(), 2, pending(images.output()));
        for (String uid : uids(seriesB)) {
            assertTrue(images.output(), images.output().contains(uid));
        }
    }

    private static int pending(String findscuOutput) {
        return findscuOutput.split("\\(Pending\\)", -1).length - 1;
    }

    @Test(timeout = 60_000)
    public void movescuMovesAStudyAndASeriesToItself() throws Exception {
        Path studyDir = Files.createDirectories(work.resolve("moved-study"));
        Peers.Result moved = Peers.run(work.resolve("movescu.out"), scu("movescu", "-S", "-aem", "MOVESCU",
                "--port", Integer.toString(moveDestinationPort), "-od", studyDir.toString(),
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study));
        assertEquals(moved.output(), 0, moved.exitCode());
        Set<String> expected = uids(seriesA);
        expected.addAll(uids(seriesB));
        assertEquals(moved.output(), expected, receivedIn(studyDir));

        Path seriesDir = Files.createDirectories(work.resolve("moved-series"));
        Peers.Result series = Peers.run(work.resolve("movescu-series.out"), scu("movescu", "-S", "-aem", "MOVESCU",
                "--port", Integer.toString(moveDestinationPort), "-od", seriesDir.toString(),
                "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=" + study,
                "-k", "SeriesInstanceUID=" + seriesA.get(0).getString(SERIES_UID)));
        assertEquals(series.output(), 0, series.exitCode());
        assertEquals(series.output(), uids(seriesA), receivedIn(seriesDir));
    }

    @Test(timeout = 60_000)
    public void aMoveToAnUnknownDestinationIsRefused() throws Exception {
        Peers.Result moved = Peers.run(work.resolve("movescu.out"), scu("movescu", "-S", "-aem", "STRANGER",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study));
        assertTrue(moved.output(), moved.output().contains("Received Final Move Response (Refused: MoveDestinationUnknown)"));
    }

    @Test(timeout = 60_000)
    public void aMoveToADestinationThatIsDownFailsEverySubOperation() throws Exception {
        // Nobody listens on the destination port: the association to it cannot be made.
        Peers.Result moved = Peers.run(work.resolve("movescu.out"), scu("movescu", "-S", "-aem", "MOVESCU",
                "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=" + study,
                "-k", "SeriesInstanceUID=" + seriesB.get(0).getString(SERIES_UID)));
        assertTrue(moved.output(),
                moved.output().contains("Received Final Move Response (Refused: OutOfResourcesSubOperations)"));
        try (Association association = Association.request(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), rayport.port()),
                new AssociateRequest(AeTitle.of("RAYPORT"), AeTitle.of("MOVER"), List.of(
                        new PresentationContext(1, Uids.STUDY_ROOT_QR_MOVE, List.of(EXPLICIT_LE))), USER),
                Duration.ofSeconds(10))) {
            Retrieve.Outcome outcome = Retrieve.move(association, Uids.STUDY_ROOT_QR_MOVE, Attributes.builder()
                    .setString(Tag.named("QueryRetrieveLevel"), Vr.CS, "SERIES")
                    .setString(STUDY_UID, Vr.UI, study)
                    .setString(SERIES_UID, Vr.UI, seriesB.get(0).getString(SERIES_UID))
                    .build(), AeTitle.of("MOVESCU"), 1);
            association.release();
            assertEquals(Commands.UNABLE_TO_PERFORM_SUBOPERATIONS, outcome.status());
            assertEquals(2, outcome.failed());
            assertEquals(0, outcome.completed());
        }
    }

    @Test(timeout = 60_000)
    public void getscuGetsAStudyOnItsOwnAssociation() throws Exception {
        Path gotDir = Files.createDirectories(work.resolve("got"));
        Peers.Result got = Peers.run(work.resolve("getscu.out"), scu("getscu", "-S", "-od", gotDir.toString(),
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study));
        assertEquals(got.output(), 0, got.exitCode());
        Set<String> expected = uids(seriesA);
        expected.addAll(uids(seriesB));
        assertEquals(got.output(), expected, receivedIn(gotDir));
    }

    @Test(timeout = 60_000)
    public void rayportGetsFromRayportWithRoleSelection() throws Exception {
        Path gotDir = Files.createDirectories(work.resolve("got"));
        try (Association association = Association.request(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), rayport.port()),
                new AssociateRequest(AeTitle.of("RAYPORT"), AeTitle.of("GETTER"), List.of(
                        new PresentationContext(1, Uids.STUDY_ROOT_QR_GET, List.of(EXPLICIT_LE)),
                        new PresentationContext(3, Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE, IMPLICIT_LE))),
                        new UserInformation(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT", null, null,
                                List.of(new org.rayport.dicom.net.pdu.RoleSelection(Uids.CT_IMAGE_STORAGE, false, true)))),
                Duration.ofSeconds(10))) {
            Retrieve.Outcome outcome = Retrieve.get(association, Uids.STUDY_ROOT_QR_GET, Attributes.builder()
                    .setString(Tag.named("QueryRetrieveLevel"), Vr.CS, "SERIES")
                    .setString(STUDY_UID, Vr.UI, study)
                    .setString(SERIES_UID, Vr.UI, seriesA.get(0).getString(SERIES_UID))
                    .build(), 1, Storage.toDirectory(gotDir));
            association.release();
            assertEquals(Commands.SUCCESS, outcome.status());
            assertEquals(3, outcome.completed());
        }
        assertEquals(uids(seriesA), receivedIn(gotDir));
    }

    @Test(timeout = 60_000)
    public void findscuCancelStopsTheMatches() throws Exception {
        rayport.close();
        AtomicInteger produced = new AtomicInteger();
        rayport = start(ServiceClassProvider.builder().query(slowMatches(1000, produced)).build());
        Peers.Result found = Peers.run(work.resolve("findscu.out"), scu("findscu", "-S", "--cancel", "3",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID"));
        assertTrue(found.output(), found.output().contains("Received Final Find Response (Cancel"));
        assertTrue("produced " + produced.get(), produced.get() < 1000);
    }

    @Test(timeout = 60_000)
    public void rayportCancelsItsOwnFind() throws Exception {
        rayport.close();
        AtomicInteger produced = new AtomicInteger();
        rayport = start(ServiceClassProvider.builder().query(slowMatches(1000, produced)).build());
        List<Attributes> kept = new ArrayList<>();
        try (Association association = Association.request(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), rayport.port()),
                new AssociateRequest(AeTitle.of("RAYPORT"), AeTitle.of("FINDER"), List.of(
                        new PresentationContext(1, Uids.STUDY_ROOT_QR_FIND, List.of(EXPLICIT_LE))), USER),
                Duration.ofSeconds(10))) {
            int status = Query.findWhile(association, Uids.STUDY_ROOT_QR_FIND, Attributes.builder()
                    .setString(Tag.named("QueryRetrieveLevel"), Vr.CS, "STUDY")
                    .setString(STUDY_UID, Vr.UI)
                    .build(), 7, match -> kept.add(match) && kept.size() < 2);
            assertEquals(Commands.CANCEL, status);
            association.release();
        }
        assertEquals(2, kept.size());
        assertTrue("produced " + produced.get(), produced.get() < 1000);
    }

    /** A search that takes a while per match, as a large index does, so that a cancel arrives in the middle. */
    private static Query.Matcher slowMatches(int count, AtomicInteger produced) {
        return (sopClass, keys) -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return produced.get() < count;
            }

            @Override
            public Attributes next() {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                produced.incrementAndGet();
                return Attributes.builder()
                        .setString(Tag.named("QueryRetrieveLevel"), Vr.CS, "STUDY")
                        .setString(STUDY_UID, Vr.UI, QueryTest.uid())
                        .build();
            }
        };
    }
}
