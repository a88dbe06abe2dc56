package org.rayport.pools.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.net.dimse.Query;
import org.rayport.dicom.net.dimse.Retrieve;
import org.rayport.store.DatasetIndex;
import org.rayport.store.InstanceStore;
import org.rayport.store.OpenInstance;
import org.rayport.store.Page;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;

/**
 * A network-node pool answering C-FIND and selecting C-MOVE/C-GET instances from its index (PS3.4 annex C):
 * patient, study, series and image level, universal matching for empty keys, a trailing '*' as prefix match on
 * names, date ranges; only the keys asked for come back.
 */
final class PoolQueries implements Query.Matcher, Retrieve.Source {

    private static final Tag LEVEL = Tag.named("QueryRetrieveLevel");
    private static final Tag CHARSET = Tag.named("SpecificCharacterSet");
    private static final Tag PATIENT_NAME = Tag.named("PatientName");
    private static final Tag PATIENT_ID = Tag.named("PatientID");
    private static final Tag STUDY_UID = Tag.named("StudyInstanceUID");
    private static final Tag SERIES_UID = Tag.named("SeriesInstanceUID");
    private static final Tag STUDY_DATE = Tag.named("StudyDate");
    private static final Tag ACCESSION = Tag.named("AccessionNumber");
    private static final Tag MODALITIES = Tag.named("ModalitiesInStudy");
    private static final Tag MODALITY = Tag.named("Modality");
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int PAGE = 500;

    private final String poolId;
    private final DatasetIndex index;
    private final InstanceStore store;

    PoolQueries(String poolId, DatasetIndex index, InstanceStore store) {
        this.poolId = poolId;
        this.index = index;
        this.store = store;
    }

    @Override
    public Iterator<Attributes> find(String sopClass, Attributes keys) {
        String level = keys.getString(LEVEL, "").strip();
        List<Attributes> answers = new ArrayList<>();
        switch (level) {
            case "PATIENT" -> {
                Map<String, StudyRecord> patients = new LinkedHashMap<>();
                Map<String, Integer> studyCounts = new LinkedHashMap<>();
                for (StudyRecord study : studies(keys)) {
                    patients.putIfAbsent(study.patient().patientId(), study);
                    studyCounts.merge(study.patient().patientId(), 1, Integer::sum);
                }
                patients.forEach((id, study) -> answers.add(answer(keys, "PATIENT", patientValues(study)
                        .setInt(Tag.named("NumberOfPatientRelatedStudies"), Vr.IS, studyCounts.get(id)))));
            }
            case "STUDY" -> studies(keys).forEach(study -> answers.add(answer(keys, "STUDY", studyValues(study))));
            case "SERIES" -> series(keys).forEach(series -> answers.add(answer(keys, "SERIES", seriesValues(series))));
            case "IMAGE" -> instances(keys).forEach(instance ->
                    answers.add(answer(keys, "IMAGE", instanceValues(instance))));
            default -> throw new IllegalArgumentException("Unknown query/retrieve level '" + level + "'");
        }
        return answers.iterator();
    }

    @Override
    public List<Retrieve.StoredInstance> select(String sopClass, Attributes keys) {
        String level = keys.getString(LEVEL, "").strip();
        List<StoredInstance> selected = new ArrayList<>();
        switch (level) {
            case "PATIENT", "STUDY" -> {
                for (StudyRecord study : studies(keys)) {
                    for (SeriesRecord series : index.series(poolId, study.studyInstanceUid())) {
                        selected.addAll(index.instances(poolId, series.seriesInstanceUid()));
                    }
                }
            }
            case "SERIES" -> series(keys).forEach(s -> selected.addAll(index.instances(poolId, s.seriesInstanceUid())));
            case "IMAGE" -> selected.addAll(instances(keys));
            default -> throw new IllegalArgumentException("Unknown query/retrieve level '" + level + "'");
        }
        return selected.stream().map(this::retrievable).toList();
    }

    private Retrieve.StoredInstance retrievable(StoredInstance instance) {
        return new Retrieve.StoredInstance(instance.sopClassUid(), instance.sopInstanceUid(),
                instance.transferSyntaxUid(), () -> {
                    OpenInstance open = store.open(poolId, instance.sopInstanceUid());
                    return new Retrieve.StoredInstance.Opened() {
                        @Override
                        public org.rayport.dicom.data.DicomFile file() {
                            return open.file();
                        }

                        @Override
                        public void close() throws IOException {
                            open.close();
                        }
                    };
                });
    }

    private List<StudyRecord> studies(Attributes keys) {
        List<String> uids = values(keys, STUDY_UID);
        if (!uids.isEmpty()) {
            List<StudyRecord> studies = new ArrayList<>();
            uids.forEach(uid -> index.study(poolId, uid).filter(s -> matchesStudy(s, keys)).ifPresent(studies::add));
            return studies;
        }
        StudyQuery query = StudyQuery.inPools(Set.of(poolId));
        String name = keys.getString(PATIENT_NAME, "").strip();
        if (!name.isEmpty() && !name.equals("*")) {
            query = query.withPatientName(prefix(name));
        }
        String patientId = keys.getString(PATIENT_ID, "").strip();
        if (!patientId.isEmpty() && !patientId.contains("*") && !patientId.contains("?")) {
            query = query.withPatientId(patientId);
        }
        String accession = keys.getString(ACCESSION, "").strip();
        if (!accession.isEmpty() && !accession.contains("*") && !accession.contains("?")) {
            query = query.withAccessionNumber(accession);
        }
        String dates = keys.getString(STUDY_DATE, "").strip();
        if (!dates.isEmpty()) {
            LocalDate[] range = dateRange(dates);
            query = query.withStudyDates(range[0], range[1]);
        }
        String modality = keys.getString(MODALITIES, "").strip();
        if (!modality.isEmpty() && !modality.equals("*")) {
            query = query.withModality(modality);
        }
        List<StudyRecord> studies = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            Page<StudyRecord> page = index.searchStudies(query.page(offset, PAGE));
            studies.addAll(page.items());
            if (page.items().size() < PAGE || offset + PAGE >= page.total()) {
                return studies;
            }
        }
    }

    private static boolean matchesStudy(StudyRecord study, Attributes keys) {
        String patientId = keys.getString(PATIENT_ID, "").strip();
        return patientId.isEmpty() || patientId.contains("*") || patientId.equals(study.patient().patientId());
    }

    private List<SeriesRecord> series(Attributes keys) {
        List<SeriesRecord> found = new ArrayList<>();
        List<String> studies = values(keys, STUDY_UID);
        if (studies.isEmpty()) {
            throw new IllegalArgumentException("A series-level query needs the StudyInstanceUID");
        }
        List<String> wanted = values(keys, SERIES_UID);
        String modality = keys.getString(MODALITY, "").strip();
        for (String study : studies) {
            for (SeriesRecord series : index.series(poolId, study)) {
                if ((wanted.isEmpty() || wanted.contains(series.seriesInstanceUid()))
                        && (modality.isEmpty() || modality.equals("*") || modality.equals(series.modality()))) {
                    found.add(series);
                }
            }
        }
        return found;
    }

    private List<StoredInstance> instances(Attributes keys) {
        List<String> wanted = values(keys, Tags.SOP_INSTANCE_UID);
        List<String> series = values(keys, SERIES_UID);
        List<StoredInstance> found = new ArrayList<>();
        if (series.isEmpty()) {
            if (wanted.isEmpty()) {
                throw new IllegalArgumentException("An image-level query needs the SeriesInstanceUID or SOPInstanceUIDs");
            }
            wanted.forEach(uid -> store.find(poolId, uid).ifPresent(found::add));
            return found;
        }
        for (String uid : series) {
            for (StoredInstance instance : index.instances(poolId, uid)) {
                if (wanted.isEmpty() || wanted.contains(instance.sopInstanceUid())) {
                    found.add(instance);
                }
            }
        }
        return found;
    }

    private static List<String> values(Attributes keys, Tag tag) {
        return keys.getStrings(tag).stream().map(String::strip).filter(v -> !v.isEmpty() && !v.equals("*")).toList();
    }

    /** The part of a name pattern before its first wildcard: the index matches prefixes. */
    private static String prefix(String pattern) {
        int wildcard = pattern.length();
        for (char c : new char[] {'*', '?'}) {
            int at = pattern.indexOf(c);
            if (at >= 0) {
                wildcard = Math.min(wildcard, at);
            }
        }
        return pattern.substring(0, wildcard);
    }

    /** DA matching (PS3.4 C.2.2.2.5): a date, or a range with either end open. */
    static LocalDate[] dateRange(String value) {
        try {
            int dash = value.indexOf('-');
            if (dash < 0) {
                LocalDate date = LocalDate.parse(value, DA);
                return new LocalDate[] {date, date};
            }
            String from = value.substring(0, dash).strip();
            String to = value.substring(dash + 1).strip();
            return new LocalDate[] {from.isEmpty() ? null : LocalDate.parse(from, DA),
                    to.isEmpty() ? null : LocalDate.parse(to, DA)};
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("StudyDate is not a DICOM date or range: '" + value + "'");
        }
    }

    private static Attributes.Builder patientValues(StudyRecord study) {
        Attributes.Builder values = Attributes.builder()
                .setString(PATIENT_NAME, Vr.PN, study.patient().name())
                .setString(PATIENT_ID, Vr.LO, study.patient().patientId())
                .setString(Tag.named("PatientSex"), Vr.CS, study.patient().sex());
        if (study.patient().birthDate() != null) {
            values.setString(Tag.named("PatientBirthDate"), Vr.DA, study.patient().birthDate().format(DA));
        }
        return values;
    }

    private static Attributes.Builder studyValues(StudyRecord study) {
        Attributes.Builder values = patientValues(study)
                .setString(STUDY_UID, Vr.UI, study.studyInstanceUid())
                .setString(ACCESSION, Vr.SH, nullToEmpty(study.accessionNumber()))
                .setString(Tag.named("StudyDescription"), Vr.LO, nullToEmpty(study.description()))
                .setString(Tag.named("ReferringPhysicianName"), Vr.PN, nullToEmpty(study.referringPhysician()))
                .setString(Tag.named("StudyID"), Vr.SH, nullToEmpty(study.studyId()))
                .setString(MODALITIES, Vr.CS, study.modalitiesInStudy().toArray(String[]::new))
                .setInt(Tag.named("NumberOfStudyRelatedSeries"), Vr.IS, study.seriesCount())
                .setInt(Tag.named("NumberOfStudyRelatedInstances"), Vr.IS, study.instanceCount());
        if (study.studyDate() != null) {
            values.setString(STUDY_DATE, Vr.DA, study.studyDate().format(DA));
        }
        if (study.studyTime() != null) {
            values.setString(Tag.named("StudyTime"), Vr.TM, study.studyTime().format(DateTimeFormatter.ofPattern("HHmmss")));
        }
        return values;
    }

    private static Attributes.Builder seriesValues(SeriesRecord series) {
        Attributes.Builder values = Attributes.builder()
                .setString(STUDY_UID, Vr.UI, series.studyInstanceUid())
                .setString(SERIES_UID, Vr.UI, series.seriesInstanceUid())
                .setString(MODALITY, Vr.CS, nullToEmpty(series.modality()))
                .setString(Tag.named("SeriesDescription"), Vr.LO, nullToEmpty(series.description()))
                .setString(Tag.named("BodyPartExamined"), Vr.CS, nullToEmpty(series.bodyPart()))
                .setInt(Tag.named("NumberOfSeriesRelatedInstances"), Vr.IS, series.instanceCount());
        if (series.seriesNumber() != null) {
            values.setInt(Tag.named("SeriesNumber"), Vr.IS, series.seriesNumber());
        }
        return values;
    }

    private static Attributes.Builder instanceValues(StoredInstance instance) {
        Attributes.Builder values = Attributes.builder()
                .setString(STUDY_UID, Vr.UI, instance.studyInstanceUid())
                .setString(SERIES_UID, Vr.UI, instance.seriesInstanceUid())
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, instance.sopInstanceUid())
                .setString(Tags.SOP_CLASS_UID, Vr.UI, instance.sopClassUid());
        if (instance.instanceNumber() != null) {
            values.setInt(Tag.named("InstanceNumber"), Vr.IS, instance.instanceNumber());
        }
        return values;
    }

    /** The keys asked for, with the values known here; unknown keys come back empty, as the standard wants. */
    private static Attributes answer(Attributes keys, String level, Attributes.Builder known) {
        // Values are encoded when built: in UTF-8, the character set the answer declares.
        Attributes values = known.setString(CHARSET, Vr.CS, "ISO_IR 192").build();
        Attributes.Builder answer = Attributes.builder()
                .setString(CHARSET, Vr.CS, "ISO_IR 192")
                .setString(LEVEL, Vr.CS, level);
        for (Element key : keys.elements()) {
            if (key.tag().equals(LEVEL) || key.tag().equals(CHARSET)) {
                continue;
            }
            Element value = values.element(key.tag()).orElse(null);
            answer.set(value != null ? value : key);
        }
        for (Tag unique : List.of(STUDY_UID, SERIES_UID, Tags.SOP_INSTANCE_UID)) {
            if (!answer.contains(unique)) {
                values.element(unique).ifPresent(answer::set);
            }
        }
        return answer.build();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
