package org.rayport.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.POST;
import javax.ws.rs.Produces;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.auth.DeviceRequired;
import org.rayport.auth.Session;
import org.rayport.core.ServerInfo;
import org.rayport.dicom.codec.capture.ImageToDicom;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Header;
import org.rayport.pools.PoolService;
import org.rayport.rest.RestApi;
import org.rayport.store.DatasetIndex;
import org.rayport.store.InstanceStore;
import org.rayport.store.InvalidInstanceException;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyRecord;
import org.rayport.upload.internal.FormDataReader.HeadersTooLargeException;
import org.rayport.upload.internal.FormDataReader.MalformedFormDataException;
import org.rayport.upload.internal.ReceivedParts.Content;
import org.rayport.upload.internal.ReceivedParts.InvalidField;
import org.rayport.upload.internal.ReceivedParts.SpooledFile;
import org.rayport.upload.internal.ReceivedParts.UnsupportedPart;
import org.rayport.upload.internal.UploadDtos.ErrorJson;
import org.rayport.upload.internal.UploadDtos.PartDto;
import org.rayport.upload.internal.UploadDtos.UploadDto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/client/uploads}: a client (role user, device-bound token) uploads files as
 * {@code multipart/form-data} into its user-storage pool. DICOM Part 10 files are stored as they are; PDF becomes
 * Encapsulated PDF, JPEG and PNG become Secondary Capture (by {@link ImageToDicom}), in a new study named by the form
 * fields or in an existing study the caller sees.
 *
 * <p>The request is all or nothing: every file part is first spooled to a private temp file ({@link SpoolFolder}),
 * sniffed and converted; only a body read to its closing boundary is stored; if storing one part fails, the instances
 * this request added are deleted again. Temp files are deleted when the request ends, however it ends.
 *
 * <p>The pool is chosen as STOW-RS chooses it (DicomWebResource.userStoragePool): the first (by id) enabled
 * user-storage pool the caller sees. Uploads do not go to the share pool or the PACS upload queue
 * ({@code ClientObjects}): they are the user's own material, whose patient data the user typed in; sending them on to
 * the hospital's PACS is a separate, deliberate step.
 */
@Component(service = UploadResource.class)
@JaxrsResource
@JaxrsName("rayport.client.uploads")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@javax.ws.rs.Path(UploadResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_USER)
@DeviceRequired
public class UploadResource {

    static final String PATH = RestApi.BASE + "/client/uploads";

    static final String STUDY = "study";
    static final String PATIENT_NAME = "patientName";
    static final String PATIENT_ID = "patientId";
    static final String PATIENT_BIRTH_DATE = "patientBirthDate";
    static final String PATIENT_SEX = "patientSex";
    static final String STUDY_DESCRIPTION = "studyDescription";
    static final List<String> FIELDS = List.of(STUDY, PATIENT_NAME, PATIENT_ID, PATIENT_BIRTH_DATE, PATIENT_SEX,
            STUDY_DESCRIPTION);

    private static final Logger LOG = LoggerFactory.getLogger(UploadResource.class);
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*)){0,63}");
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    private final InstanceStore store;
    private final DatasetIndex index;
    private final PoolService pools;
    private final SpoolFolder spool;

    @Context
    HttpServletRequest request;

    @Context
    HttpHeaders headers;

    @Activate
    public UploadResource(@Reference InstanceStore store, @Reference DatasetIndex index,
                          @Reference PoolService pools, @Reference ServerInfo server) throws IOException {
        this.store = store;
        this.index = index;
        this.pools = pools;
        this.spool = SpoolFolder.open(server.home().resolve("tmp").resolve("uploads"));
    }

    @POST
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response upload(InputStream body) throws IOException {
        Session session = (Session) request.getAttribute(Session.REQUEST_ATTRIBUTE);
        String pool = pools.uploadPoolOf(session.userId()).orElseThrow(() -> error(403, "You have no user-storage pool"
                + " to upload into: an administrator must create one (type userstorage) and grant it to you or your"
                + " group", null));
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        MediaType type = parse(contentType);
        if (type == null || !type.getType().equalsIgnoreCase("multipart")
                || !type.getSubtype().equalsIgnoreCase("form-data")) {
            throw error(415, "Uploads take multipart/form-data, not " + contentType, null);
        }
        try (ReceivedParts received = new ReceivedParts(spool, FIELDS)) {
            try {
                FormDataReader.read(body, contentType, received);
            } catch (MalformedFormDataException malformed) {
                throw error(400, malformed.getMessage(), null);
            } catch (HeadersTooLargeException tooLarge) {
                throw error(431, tooLarge.getMessage(), null);
            } catch (UnsupportedPart unsupported) {
                throw error(415, unsupported.getMessage(), null);
            } catch (InvalidField invalid) {
                throw error(400, invalid.getMessage(), invalid.field());
            } catch (IOException readFailed) {
                // The client went away or the connection broke mid-body (Jetty: "Early EOF"): nothing was stored,
                // the temp files go with this block; one line in the log instead of the container's stack trace.
                LOG.info("Upload by {} cut off after {} file part(s), nothing stored: {}", session.userId(),
                        received.files().size(), readFailed.toString());
                throw error(400, "The request body could not be read to its end: " + readFailed.getMessage(), null);
            }
            if (received.files().isEmpty()) {
                throw error(400, "The upload has no file part (a part with a filename in its Content-Disposition)",
                        null);
            }
            UploadDto outcome = store(session.userId(), pool, received);
            return Response.status(outcome.stored() ? 200 : 422).entity(outcome).build();
        }
    }

    /**
     * Converts what needs converting, then stores every part; when one cannot be stored, the instances this request
     * added are deleted again (instances it replaced stay replaced: the store keeps no old copy).
     */
    private UploadDto store(String userId, String pool, ReceivedParts received) throws IOException {
        List<SpooledFile> files = received.files();
        boolean converting = files.stream().anyMatch(f -> f.content() != Content.DICOM);
        Attributes study = converting ? studyOf(userId, received.fields()) : null;
        String imageSeries = ImageToDicom.newUid();
        String documentSeries = ImageToDicom.newUid();
        List<Path> part10 = new ArrayList<>();
        int instanceNumber = 0;
        for (SpooledFile file : files) {
            if (file.content() == Content.DICOM) {
                part10.add(file.file());
                continue;
            }
            boolean document = file.content() == Content.PDF;
            Attributes.Builder context = study.toBuilder()
                    .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, document ? documentSeries : imageSeries)
                    .setInt(Tags.SERIES_NUMBER, Vr.IS, document ? 9002 : 9001)
                    .setString(Tag.named("SeriesDescription"), Vr.LO, document ? "Uploaded documents"
                            : "Uploaded images");
            if (document) {
                context.setString(Tag.named("DocumentTitle"), Vr.ST, title(file));
            }
            Path converted = received.newFile(".dcm");
            try {
                ImageToDicom.convert(file.file(), kindOf(file.content()), context.build(), ++instanceNumber,
                        converted);
            } catch (IOException | RuntimeException unreadable) {
                String why = file.part().describe() + " cannot be converted: " + unreadable.getMessage()
                        .replace(file.file().toString(), "the file");
                return refused(pool, files, List.of(), List.of(), files.indexOf(file), why);
            }
            part10.add(converted);
        }
        List<StoredInstance> stored = new ArrayList<>();
        List<StoredInstance> added = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            SpooledFile file = files.get(i);
            try {
                boolean existed = sopInstanceUid(part10.get(i)).flatMap(uid -> store.find(pool, uid)).isPresent();
                StoredInstance instance = store.importFile(pool, part10.get(i));
                stored.add(instance);
                if (!existed) {
                    added.add(instance);
                }
            } catch (InvalidInstanceException invalid) {
                return rollBack(pool, files, stored, added, i, file.part().describe() + " is not a storable DICOM"
                        + " instance: " + String.valueOf(invalid.getMessage()).replace(part10.get(i).toString(),
                        "the file"));
            } catch (IOException storage) {
                LOG.error("Upload by {} into pool {}: storing {} failed", userId, pool, file.part().describe(),
                        storage);
                return rollBack(pool, files, stored, added, i, file.part().describe() + ": storing failed: "
                        + storage.getMessage());
            }
        }
        LOG.info("Upload by {} into pool {}: {} instance(s) stored", userId, pool, stored.size());
        List<PartDto> parts = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            parts.add(partDto(files.get(i), stored.get(i), null));
        }
        return new UploadDto(pool, true, parts, null);
    }

    private UploadDto rollBack(String pool, List<SpooledFile> files, List<StoredInstance> stored,
                               List<StoredInstance> added, int failed, String why) throws IOException {
        for (StoredInstance instance : added) {
            store.deleteInstance(pool, instance.sopInstanceUid());
        }
        LOG.warn("Upload into pool {} refused, {} instance(s) it added deleted again: {}", pool, added.size(), why);
        return refused(pool, files, stored, added, failed, why);
    }

    /**
     * The answer when part {@code failed} was refused: the parts stored before it are deleted again ({@code added}),
     * except those that replaced an earlier copy of the same UID: the store keeps no old copy to go back to.
     */
    private static UploadDto refused(String pool, List<SpooledFile> files, List<StoredInstance> stored,
                                     List<StoredInstance> added, int failed, String why) {
        List<PartDto> parts = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            PartDto dto = partDto(files.get(i), null, i == failed ? why : "not stored: another part was refused");
            if (i < stored.size() && !added.contains(stored.get(i))) {
                PartDto kept = partDto(files.get(i), stored.get(i), null);
                dto = new PartDto(kept.part(), kept.name(), kept.filename(), kept.content(), kept.sopClassUid(),
                        kept.sopInstanceUid(), kept.studyInstanceUid(), kept.seriesInstanceUid(), true,
                        "replaced an earlier copy of this instance, which cannot be restored");
            }
            parts.add(dto);
        }
        return new UploadDto(pool, false, parts, why);
    }

    private static PartDto partDto(SpooledFile file, StoredInstance instance, String error) {
        FormDataReader.FormPart part = file.part();
        if (instance == null) {
            return new PartDto(part.index() + 1, part.name(), part.filename(), file.content().name(), null, null,
                    null, null, false, error);
        }
        return new PartDto(part.index() + 1, part.name(), part.filename(), file.content().name(),
                instance.sopClassUid(), instance.sopInstanceUid(), instance.studyInstanceUid(),
                instance.seriesInstanceUid(), true, null);
    }

    private static ImageToDicom.Kind kindOf(Content content) {
        switch (content) {
            case PDF:
                return ImageToDicom.Kind.PDF;
            case JPEG:
                return ImageToDicom.Kind.JPEG;
            case PNG:
                return ImageToDicom.Kind.IMAGE;
            default:
                throw new IllegalArgumentException(content + " is stored as it is");
        }
    }

    private static String title(SpooledFile file) {
        String name = file.part().filename() == null || file.part().filename().isBlank() ? "Uploaded document"
                : Path.of(file.part().filename().replace('\\', '/')).getFileName().toString();
        return name.length() > 1024 ? name.substring(0, 1024) : name;
    }

    /**
     * Patient and study of the converted parts: those of {@code study}, a study the caller sees (the first visible
     * pool by id holding it answers, as everywhere in the client API), or a new study from the patient fields.
     */
    Attributes studyOf(String userId, Map<String, String> fields) {
        String studyUid = fields.getOrDefault(STUDY, "");
        LocalDateTime now = LocalDateTime.now();
        Attributes.Builder context = Attributes.builder().setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192");
        if (!studyUid.isEmpty()) {
            if (studyUid.length() > 64 || !UID.matcher(studyUid).matches()) {
                throw new InvalidFieldAnswer(error(400, "'" + studyUid + "' is not a UID (digits and dots, at most"
                        + " 64)", STUDY));
            }
            StudyRecord existing = firstVisibleStudy(userId, studyUid).orElseThrow(() -> new InvalidFieldAnswer(
                    error(404, "No study " + studyUid + " in the pools you may see", STUDY)));
            return context
                    .setString(Tags.PATIENT_NAME, Vr.PN, nullToEmpty(existing.patient().name()))
                    .setString(Tags.PATIENT_ID, Vr.LO, nullToEmpty(existing.patient().patientId()))
                    .setString(Tags.PATIENT_BIRTH_DATE, Vr.DA, existing.patient().birthDate() == null ? ""
                            : existing.patient().birthDate().format(DA))
                    .setString(Tags.PATIENT_SEX, Vr.CS, nullToEmpty(existing.patient().sex()))
                    .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, studyUid)
                    .setString(Tags.STUDY_DATE, Vr.DA, existing.studyDate() == null ? ""
                            : existing.studyDate().format(DA))
                    .setString(Tags.STUDY_TIME, Vr.TM, existing.studyTime() == null ? ""
                            : existing.studyTime().format(TM))
                    .setString(Tag.named("StudyDescription"), Vr.LO, nullToEmpty(existing.description()))
                    .setString(Tags.ACCESSION_NUMBER, Vr.SH, nullToEmpty(existing.accessionNumber()))
                    .setString(Tag.named("ReferringPhysicianName"), Vr.PN, nullToEmpty(existing.referringPhysician()))
                    .setString(Tags.STUDY_ID, Vr.SH, nullToEmpty(existing.studyId()))
                    .build();
        }
        String patientId = required(fields, PATIENT_ID, 64);
        String patientName = required(fields, PATIENT_NAME, 64 * 5);
        return context
                .setString(Tags.PATIENT_NAME, Vr.PN, patientName)
                .setString(Tags.PATIENT_ID, Vr.LO, patientId)
                .setString(Tags.PATIENT_BIRTH_DATE, Vr.DA, birthDate(fields.getOrDefault(PATIENT_BIRTH_DATE, "")))
                .setString(Tags.PATIENT_SEX, Vr.CS, sex(fields.getOrDefault(PATIENT_SEX, "")))
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, ImageToDicom.newUid())
                .setString(Tags.STUDY_DATE, Vr.DA, now.format(DA))
                .setString(Tags.STUDY_TIME, Vr.TM, now.format(TM))
                .setString(Tag.named("StudyDescription"), Vr.LO, text(fields, STUDY_DESCRIPTION, 64))
                .setString(Tags.ACCESSION_NUMBER, Vr.SH, "")
                .setString(Tag.named("ReferringPhysicianName"), Vr.PN, "")
                .setString(Tags.STUDY_ID, Vr.SH, "")
                .build();
    }

    private Optional<StudyRecord> firstVisibleStudy(String userId, String studyUid) {
        for (String visible : new TreeSet<>(pools.visibleTo(userId))) {
            Optional<StudyRecord> found = index.study(visible, studyUid);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static String required(Map<String, String> fields, String field, int maxLength) {
        String value = text(fields, field, maxLength);
        if (value.isEmpty()) {
            throw new InvalidFieldAnswer(error(400, "A PDF, JPEG or PNG needs the field " + field + " (or the field "
                    + STUDY + ", an existing study it joins)", field));
        }
        return value;
    }

    private static String text(Map<String, String> fields, String field, int maxLength) {
        String value = fields.getOrDefault(field, "");
        if (value.length() > maxLength || value.contains("\\") || value.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidFieldAnswer(error(400, "The field " + field + " has at most " + maxLength
                    + " characters, without backslash or control characters", field));
        }
        return value;
    }

    private static String birthDate(String value) {
        if (value.isEmpty()) {
            return "";
        }
        try {
            return LocalDate.parse(value, value.contains("-") ? DateTimeFormatter.ISO_LOCAL_DATE : DA).format(DA);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldAnswer(error(400, "The field " + PATIENT_BIRTH_DATE + " is a date (2001-12-31 or"
                    + " 20011231), not '" + value + "'", PATIENT_BIRTH_DATE));
        }
    }

    private static String sex(String value) {
        if (!value.isEmpty() && !Set.of("M", "F", "O").contains(value)) {
            throw new InvalidFieldAnswer(error(400, "The field " + PATIENT_SEX + " is M, F or O, not '" + value + "'",
                    PATIENT_SEX));
        }
        return value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * The SOP Instance UID of a Part 10 file, read from its File Meta Information only (bounded), so that the
     * instance's earlier presence can be checked before it is stored; empty when the meta information is unreadable
     * (the store then refuses the file and says why).
     */
    static Optional<String> sopInstanceUid(Path part10) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(part10)) {
            return Optional.of(Part10Header.read(in).sopInstanceUid());
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static MediaType parse(String contentType) {
        if (contentType == null) {
            return null;
        }
        try {
            return MediaType.valueOf(contentType);
        } catch (IllegalArgumentException unparsable) {
            return null;
        }
    }

    static WebApplicationException error(int status, String message, String field) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorJson(status, message, field)).build());
    }

    /** A refused form field, answered as it is (the 400 or 404 inside). */
    static final class InvalidFieldAnswer extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        InvalidFieldAnswer(WebApplicationException answer) {
            super(answer.getMessage(), answer.getResponse());
        }
    }
}
