package org.rayport.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.store.Page;
import org.rayport.store.PoolCounts;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;
import org.rayport.testing.TestDatabase;

/** Searches of the index, on H2 and PostgreSQL, over studies stored through the store. */
@RunWith(Parameterized.class)
public class DatasetIndexTest {

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    @Parameter
    public TestDatabase database;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private StartedStore started;
    private String janeCt;
    private String janeMr;
    private String johnCt;
    private String otherPoolStudy;

    @Before
    public void storeStudies() throws Exception {
        started = StartedStore.on(database, temp.newFolder().toPath());
        janeCt = study("a", "Doe^Jane", "P1", LocalDate.of(2024, 1, 10), "CT", 3);
        janeMr = study("a", "Doe^Jane", "P1", LocalDate.of(2024, 2, 20), "MR", 2);
        johnCt = study("a", "DOE^JOHNATHAN", "P2", LocalDate.of(2023, 12, 31), "CT", 1);
        study("a", "Smith^Anna", "P3", LocalDate.of(2024, 1, 15), "CR", 1);
        study("a", "Doe_x^Percent%", "P4", null, "US", 1);
        otherPoolStudy = study("b", "Doe^Jane", "P1", LocalDate.of(2024, 1, 10), "CT", 1);
    }

    @After
    public void stop() throws Exception {
        if (started != null) {
            started.close();
        }
    }

    /** A study of two series: one of the modality with {@code images} instances, one SR. */
    private String study(String pool, String name, String patientId, LocalDate date, String modality, int images)
            throws Exception {
        String studyUid = TestInstances.uid();
        String seriesUid = TestInstances.uid();
        for (int i = images; i >= 1; i--) {
            started.store(pool, TestInstances.ct(name, patientId, studyUid, date, seriesUid, modality, i).build(),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
        Attributes report = TestInstances.ct(name, patientId, studyUid, date, TestInstances.uid(), "SR", 1)
                .setString(Tags.SERIES_NUMBER, "1").build();
        started.store(pool, report, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return studyUid;
    }

    private List<String> uids(StudyQuery query) {
        return started.store.searchStudies(query).items().stream().map(StudyRecord::studyInstanceUid)
                .collect(Collectors.toList());
    }

    @Test
    public void patientNamePrefixIgnoresCaseAndNameSeparators() {
        StudyQuery inA = StudyQuery.inPools(Set.of("a"));
        assertEquals(Set.of(janeCt, janeMr, johnCt), Set.copyOf(uids(inA.withPatientName("doe^"))));
        assertEquals(List.of(janeMr, janeCt), uids(inA.withPatientName("doe jane")));
        assertEquals(List.of(janeMr, janeCt), uids(inA.withPatientName("DOE^J").withPatientId("P1")));
        assertEquals(List.of(johnCt), uids(inA.withPatientName("Doe  Joh")));
        assertEquals("LIKE wildcards in the input are taken literally", 1,
                uids(inA.withPatientName("doe_x percent%")).size());
        assertEquals(List.of(), uids(inA.withPatientName("%")));
        assertEquals(List.of(), uids(inA.withPatientName("oe")));
    }

    @Test
    public void datesModalitiesAccessionAndPoolsFilter() {
        StudyQuery inA = StudyQuery.inPools(Set.of("a"));
        assertEquals(List.of(janeMr, janeCt), uids(inA.withPatientId("P1")
                .withStudyDates(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 20))));
        assertEquals(List.of(janeCt), uids(inA.withPatientId("P1").withStudyDates(null, LocalDate.of(2024, 1, 10))));
        assertEquals(List.of(janeCt, johnCt), uids(inA.withModality("CT")));
        assertEquals(5, uids(inA.withModality("SR")).size());
        assertEquals(List.of(johnCt), uids(inA.withAccessionNumber("ACC-P2")));
        assertEquals(List.of(otherPoolStudy), uids(StudyQuery.inPools(Set.of("b"))));
        assertEquals(6, uids(StudyQuery.inPools(Set.of("a", "b"))).size());
        assertEquals(List.of(), uids(StudyQuery.inPools(Set.of())));
        assertEquals(List.of(), uids(StudyQuery.inPools(Set.of("c"))));
    }

    @Test
    public void pagesAreStableAndSorted() {
        StudyQuery all = StudyQuery.inPools(Set.of("a", "b")).sortedBy(StudyQuery.Sort.STUDY_DATE, false);
        List<String> everything = uids(all);
        assertEquals(6, everything.size());
        assertEquals("undated studies last", "P4", started.store.searchStudies(all).items().get(5).patient().patientId());
        Page<StudyRecord> first = started.store.searchStudies(all.page(0, 4));
        Page<StudyRecord> second = started.store.searchStudies(all.page(4, 4));
        assertEquals(6, first.total());
        assertEquals(4, first.items().size());
        assertEquals(2, second.items().size());
        List<String> paged = new java.util.ArrayList<>();
        for (Page<StudyRecord> page : List.of(first, second)) {
            page.items().forEach(s -> paged.add(s.studyInstanceUid()));
        }
        assertEquals(everything, paged);
        assertEquals(johnCt, everything.get(0));
        List<String> byName = started.store.searchStudies(StudyQuery.inPools(Set.of("a"))
                        .sortedBy(StudyQuery.Sort.PATIENT_NAME, false)).items().stream()
                .map(s -> s.patient().name()).collect(Collectors.toList());
        assertEquals(List.of("Doe^Jane", "Doe^Jane", "DOE^JOHNATHAN", "Doe_x^Percent%", "Smith^Anna"), byName);
    }

    @Test
    public void studySeriesAndInstancesCarryWhatListsShow() {
        StudyRecord study = started.store.study("a", janeCt).orElseThrow();
        assertEquals("Doe^Jane", study.patient().name());
        assertEquals(LocalDate.of(1970, 1, 2), study.patient().birthDate());
        assertEquals("F", study.patient().sex());
        assertEquals(LocalDate.of(2024, 1, 10), study.studyDate());
        assertEquals("CT chest", study.description());
        assertEquals("ACC-P1", study.accessionNumber());
        assertEquals("House^Gregory", study.referringPhysician());
        assertEquals(List.of("CT", "SR"), study.modalitiesInStudy());
        assertEquals(2, study.seriesCount());
        assertEquals(4, study.instanceCount());
        assertTrue(study.sizeBytes() > 0);

        List<SeriesRecord> series = started.store.series("a", janeCt);
        assertEquals(List.of("SR", "CT"), series.stream().map(SeriesRecord::modality).collect(Collectors.toList()));
        SeriesRecord ct = series.get(1);
        assertEquals(Integer.valueOf(3), ct.seriesNumber());
        assertEquals("CHEST", ct.bodyPart());
        assertEquals("Axial 1mm", ct.description());
        assertEquals(3, ct.instanceCount());
        List<StoredInstance> instances = started.store.instances("a", ct.seriesInstanceUid());
        assertEquals(List.of(1, 2, 3), instances.stream().map(StoredInstance::instanceNumber)
                .collect(Collectors.toList()));
        assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), instances.get(0).transferSyntaxUid());
        assertEquals(TestInstances.CT_IMAGE_STORAGE, instances.get(0).sopClassUid());
        assertEquals(List.of(), started.store.series("b", janeCt));
    }

    @Test
    public void countsPerPool() {
        PoolCounts a = started.store.countsPerPool().get("a");
        assertEquals(4, a.patients());
        assertEquals(5, a.studies());
        assertEquals(10, a.series());
        assertEquals(13, a.instances());
        assertTrue(a.storedBytes() > a.bytes());
        assertEquals(Set.of("a", "b"), started.store.countsPerPool().keySet());
    }
}
