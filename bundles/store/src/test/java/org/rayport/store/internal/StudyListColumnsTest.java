package org.rayport.store.internal;

import static org.junit.Assert.assertEquals;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.persistence.SchemaMigrator;
import org.rayport.store.Page;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;
import org.rayport.testing.TestDatabase;

/**
 * The study list's columns on the study row (migration V2): kept equal to what the series and instance rows say
 * through stores, replacements, deletions and concurrent stores, and filled for rows that existed before V2.
 */
@RunWith(Parameterized.class)
public class StudyListColumnsTest {

    private static final TransferSyntax EXPLICIT = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    @Parameter
    public TestDatabase database;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void deletingTheLastSeriesOfAModalityDropsItFromTheStudy() throws Exception {
        try (StartedStore started = StartedStore.on(database, temp.newFolder().toPath())) {
            String study = TestInstances.uid();
            String ct = TestInstances.uid();
            String mr = TestInstances.uid();
            for (int i = 1; i <= 3; i++) {
                started.store("a", TestInstances.ct("Doe^Jane", "P1", study, LocalDate.of(2024, 1, 10), ct, "CT", i)
                        .build(), EXPLICIT);
            }
            started.store("a", TestInstances.ct("Doe^Jane", "P1", study, LocalDate.of(2024, 1, 10), mr, "MR", 1)
                    .build(), EXPLICIT);
            StudyQuery doe = StudyQuery.inPools(Set.of("a")).withPatientName("doe^j");
            StudyRecord before = only(started, doe);
            assertEquals(List.of("CT", "MR"), before.modalitiesInStudy());
            assertEquals(2, before.seriesCount());
            assertEquals(4, before.instanceCount());
            assertEquals(1, started.store.searchStudies(doe.withModality("CT")).total());

            started.store.deleteSeries("a", ct);

            StudyRecord after = only(started, doe);
            assertEquals(List.of("MR"), after.modalitiesInStudy());
            assertEquals(1, after.seriesCount());
            assertEquals(1, after.instanceCount());
            assertEquals(sizeOfSeries(started, study), after.sizeBytes());
            assertEquals(0, started.store.searchStudies(doe.withModality("CT")).total());
            assertEquals(1, started.store.searchStudies(doe.withModality("MR")).total());
        }
    }

    @Test
    public void aNameArrivingLaterMakesTheStudyFindableByIt() throws Exception {
        try (StartedStore started = StartedStore.on(database, temp.newFolder().toPath())) {
            String study = TestInstances.uid();
            String series = TestInstances.uid();
            started.store("a", TestInstances.ct("", "P9", study, null, series, "CT", 1).build(), EXPLICIT);
            StudyQuery late = StudyQuery.inPools(Set.of("a")).withPatientName("late");
            assertEquals(0, started.store.searchStudies(late).total());
            started.store("a", TestInstances.ct("Late^Larry", "P9", study, null, series, "CT", 2).build(), EXPLICIT);
            assertEquals(study, only(started, late).studyInstanceUid());
        }
    }

    @Test
    public void aReplacedInstanceIsCountedOnceWithItsNewSize() throws Exception {
        try (StartedStore started = StartedStore.on(database, temp.newFolder().toPath())) {
            String study = TestInstances.uid();
            String series = TestInstances.uid();
            var first = TestInstances.ct("Doe^Jane", "P1", study, null, series, "CT", 1).build();
            started.store("a", first, EXPLICIT);
            started.store("a", TestInstances.ct("Doe^Jane", "P1", study, null, series, "CT", 2).build(), EXPLICIT);
            // The same SOP Instance UID again, now with a longer description: a new copy of other size.
            started.store("a", first.toBuilder().setString(org.rayport.dicom.data.Tag.named("SeriesDescription"),
                    "Axial 1mm, reconstructed again with a much longer description").build(), EXPLICIT);
            StudyRecord record = started.store.study("a", study).orElseThrow();
            assertEquals(2, record.instanceCount());
            assertEquals(sizeOfSeries(started, study), record.sizeBytes());
        }
    }

    @Test
    public void concurrentStoresIntoOneStudyLoseNoCount() throws Exception {
        try (StartedStore started = StartedStore.on(database, temp.newFolder().toPath())) {
            String study = TestInstances.uid();
            List<String> modalities = List.of("CT", "MR", "PT", "CT");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (String modality : modalities) {
                    String series = TestInstances.uid();
                    done.add(pool.submit(() -> {
                        for (int i = 1; i <= 5; i++) {
                            started.store("a", TestInstances.ct("Doe^Jane", "P1", study, null, series, modality, i)
                                    .build(), EXPLICIT);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            StudyRecord record = started.store.study("a", study).orElseThrow();
            assertEquals(List.of("CT", "MR", "PT"), record.modalitiesInStudy());
            assertEquals(4, record.seriesCount());
            assertEquals(20, record.instanceCount());
            assertEquals(sizeOfSeries(started, study), record.sizeBytes());
        }
    }

    /** Many associations into one series: the stores after the first take the plain JDBC path, all at once. */
    @Test
    public void concurrentStoresIntoOneSeriesLoseNoCount() throws Exception {
        try (StartedStore started = StartedStore.on(database, temp.newFolder().toPath())) {
            String study = TestInstances.uid();
            String series = TestInstances.uid();
            started.store("a", TestInstances.ct("Doe^Jane", "P1", study, null, series, "CT", 1).build(), EXPLICIT);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<java.time.Instant>>> done = new ArrayList<>();
            try {
                for (int writer = 0; writer < 4; writer++) {
                    done.add(pool.submit(() -> {
                        List<java.time.Instant> received = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            received.add(started.store("a", TestInstances.ct("Doe^Jane", "P1", study, null, series,
                                    "CT", i + 2).build(), EXPLICIT).receivedAt());
                        }
                        return received;
                    }));
                }
                java.time.Instant newest = java.time.Instant.MIN;
                for (Future<List<java.time.Instant>> f : done) {
                    for (java.time.Instant t : f.get()) {
                        newest = t.isAfter(newest) ? t : newest;
                    }
                }
                StudyRecord record = started.store.study("a", study).orElseThrow();
                assertEquals(41, record.instanceCount());
                assertEquals(1, record.seriesCount());
                assertEquals(List.of("CT"), record.modalitiesInStudy());
                assertEquals(sizeOfSeries(started, study), record.sizeBytes());
                assertEquals(newest, record.lastReceivedAt());
                assertEquals(41, started.store.instances("a", series).size());
            } finally {
                pool.shutdown();
            }
        }
    }

    /** A later instance of a known series that brings attributes the first lacked fills them in. */
    @Test
    public void emptyStudyAndSeriesAttributesAreFilledByALaterInstanceOfTheSeries() throws Exception {
        try (StartedStore started = StartedStore.on(database, temp.newFolder().toPath())) {
            String study = TestInstances.uid();
            String series = TestInstances.uid();
            org.rayport.dicom.data.Tag bodyPart = org.rayport.dicom.data.Tag.named("BodyPartExamined");
            org.rayport.dicom.data.Tag description = org.rayport.dicom.data.Tag.named("StudyDescription");
            started.store("a", TestInstances.ct("Doe^Jane", "P1", study, null, series, "", 1)
                    .setString(bodyPart, "").setString(description, "").build(), EXPLICIT);
            started.store("a", TestInstances.ct("Doe^Jane", "P1", study, null, series, "", 2)
                    .setString(bodyPart, "").setString(description, "").build(), EXPLICIT);
            started.store("a", TestInstances.ct("Doe^Jane", "P1", study, LocalDate.of(2024, 2, 3), series, "MR", 3)
                    .build(), EXPLICIT);
            StudyRecord record = started.store.study("a", study).orElseThrow();
            assertEquals("CT chest", record.description());
            assertEquals(LocalDate.of(2024, 2, 3), record.studyDate());
            assertEquals(List.of("MR"), record.modalitiesInStudy());
            assertEquals(3, record.instanceCount());
            SeriesRecord one = started.store.series("a", study).get(0);
            assertEquals("CHEST", one.bodyPart());
            assertEquals("MR", one.modality());
            assertEquals(3, one.instanceCount());
            assertEquals(sizeOfSeries(started, study), record.sizeBytes());
        }
    }

    @Test
    public void withoutTotalLeavesTheCountOutButNotTheRows() throws Exception {
        try (StartedStore started = StartedStore.on(database, temp.newFolder().toPath())) {
            for (String name : List.of("Doe^Jane", "Doe^John", "Smith^Anna")) {
                started.store("a", TestInstances.ct(name, name, TestInstances.uid(), null, TestInstances.uid(), "CT", 1)
                        .build(), EXPLICIT);
            }
            StudyQuery doe = StudyQuery.inPools(Set.of("a")).withPatientName("doe");
            Page<StudyRecord> counted = started.store.searchStudies(doe);
            Page<StudyRecord> uncounted = started.store.searchStudies(doe.withoutTotal());
            assertEquals(2, counted.total());
            assertEquals(Page.TOTAL_NOT_COUNTED, uncounted.total());
            assertEquals(counted.items(), uncounted.items());
        }
    }

    /** Rows written before V2 (here: by SQL into a schema migrated up to 1.1) get their columns from V2. */
    @Test
    public void migrationFillsTheColumnsOfExistingStudies() throws Exception {
        java.nio.file.Path directory = temp.newFolder().toPath();
        DataSource dataSource = database.empty(directory.resolve("db"));
        try {
            SchemaMigrator.forFeature("store", EncryptedInstanceStore.class.getClassLoader()).withVendorScripts()
                    .upTo("1.1").migrate(dataSource);
            try (Connection db = dataSource.getConnection(); Statement sql = db.createStatement()) {
                sql.execute("INSERT INTO rp_patient (id, pool_id, patient_id, name, name_search, sex)"
                        + " VALUES (1, 'a', 'P1', 'Doe^Jane', 'DOE JANE', 'F')");
                sql.execute("INSERT INTO rp_study (id, patient_ref, pool_id, study_uid, description, accession_number,"
                        + " referring_physician, study_id, last_received_at) VALUES"
                        + " (1, 1, 'a', '1.2.3', '', '', '', '', TIMESTAMP '2024-01-01 10:00:00'),"
                        + " (2, 1, 'a', '1.2.4', '', '', '', '', TIMESTAMP '2024-01-02 10:00:00')");
                sql.execute("INSERT INTO rp_series (id, study_ref, pool_id, series_uid, modality, description,"
                        + " body_part) VALUES (1, 1, 'a', '1.2.3.1', 'MR', '', ''), (2, 1, 'a', '1.2.3.2', 'CT', '', ''),"
                        + " (3, 1, 'a', '1.2.3.3', 'CT', '', ''), (4, 2, 'a', '1.2.4.1', '', '', '')");
                StringBuilder instances = new StringBuilder("INSERT INTO rp_instance (series_ref, pool_id, sop_uid,"
                        + " sop_class_uid, transfer_syntax, size_bytes, stored_bytes, received_at, file_path) VALUES ");
                int[] seriesOfInstance = {1, 2, 2, 3, 4};
                for (int i = 0; i < seriesOfInstance.length; i++) {
                    instances.append(i == 0 ? "" : ", ").append("(").append(seriesOfInstance[i]).append(", 'a', '1.9.")
                            .append(i).append("', '1.2', '1.2.840.10008.1.2.1', ").append(100 * (i + 1))
                            .append(", 0, TIMESTAMP '2024-01-01 10:00:00', 'x')");
                }
                sql.execute(instances.toString());
            }
            EncryptedInstanceStore store = StartedStore.start(dataSource, directory.resolve("storage"),
                    directory.resolve("etc/rayport-store.p12"));
            try {
                StudyRecord one = store.study("a", "1.2.3").orElseThrow();
                assertEquals(List.of("CT", "MR"), one.modalitiesInStudy());
                assertEquals(3, one.seriesCount());
                assertEquals(4, one.instanceCount());
                assertEquals(100 + 200 + 300 + 400, one.sizeBytes());
                StudyRecord two = store.study("a", "1.2.4").orElseThrow();
                assertEquals(List.of(), two.modalitiesInStudy());
                assertEquals(1, two.instanceCount());
                assertEquals(2, store.searchStudies(StudyQuery.inPools(Set.of("a")).withPatientName("doe j")).total());
            } finally {
                store.close();
            }
        } finally {
            database.close(dataSource);
        }
    }

    private static StudyRecord only(StartedStore started, StudyQuery query) {
        List<StudyRecord> found = started.store.searchStudies(query).items();
        assertEquals(1, found.size());
        return found.get(0);
    }

    /** The study's size as its series rows add up: the oracle for the column kept on the study. */
    private static long sizeOfSeries(StartedStore started, String study) {
        return started.store.series("a", study).stream().collect(Collectors.summingLong(SeriesRecord::sizeBytes));
    }
}
