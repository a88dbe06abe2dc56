package org.rayport.client.internal.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import org.rayport.store.Page;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyRecord;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the client API sends: studies, series and instances of one pool each, as JSON. */
public final class ClientDtos {

    private ClientDtos() {
    }

    /**
     * A study in one pool; a study that arrived in two pools is two of these.
     *
     * @param id {@code pool/studyInstanceUid}, the client-visible id
     */
    public record StudyDto(String id, String pool, String studyInstanceUid, String patientName, String patientId,
                    LocalDate birthDate, String sex, LocalDate studyDate, LocalTime studyTime, String description,
                    String accession, String studyId, String referringPhysician, List<String> modalities,
                    int seriesCount, int instanceCount, long sizeBytes, Instant lastReceived) {

        static StudyDto of(StudyRecord s) {
            return new StudyDto(s.poolId() + "/" + s.studyInstanceUid(), s.poolId(), s.studyInstanceUid(),
                    s.patient().name(), s.patient().patientId(), s.patient().birthDate(), s.patient().sex(),
                    s.studyDate(), s.studyTime(), s.description(), s.accessionNumber(), s.studyId(),
                    s.referringPhysician(), s.modalitiesInStudy(), s.seriesCount(), s.instanceCount(), s.sizeBytes(),
                    s.lastReceivedAt());
        }
    }

    public record StudyPageDto(long total, int offset, int limit, List<StudyDto> items) {
        static StudyPageDto of(Page<StudyRecord> page) {
            return new StudyPageDto(page.total(), page.offset(), page.limit(),
                    page.items().stream().map(StudyDto::of).toList());
        }
    }

    public record SeriesDto(String pool, String seriesInstanceUid, String modality, Integer seriesNumber,
                     String description, String bodyPart, int instanceCount, long sizeBytes) {
        static SeriesDto of(SeriesRecord s) {
            return new SeriesDto(s.poolId(), s.seriesInstanceUid(), s.modality(), s.seriesNumber(), s.description(),
                    s.bodyPart(), s.instanceCount(), s.sizeBytes());
        }
    }

    public record StudyDetailDto(StudyDto study, List<SeriesDto> series) {
    }

    /** @param sizeBytes of the original Part 10 file */
    public record InstanceDto(String pool, String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
                       String sopClassUid, Integer instanceNumber, String transferSyntaxUid, long sizeBytes,
                       Instant receivedAt) {
        static InstanceDto of(StoredInstance i) {
            return new InstanceDto(i.poolId(), i.studyInstanceUid(), i.seriesInstanceUid(), i.sopInstanceUid(),
                    i.sopClassUid(), i.instanceNumber(), i.transferSyntaxUid(), i.sizeBytes(), i.receivedAt());
        }
    }

    /** Rayport's error body {@code {status,error,field}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorJson(int status, String error, String field) {
    }
}
