package org.rayport.pools.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.Message;
import org.rayport.dicom.net.dimse.Commands;
import org.rayport.dicom.net.dimse.Query;
import org.rayport.dicom.net.dimse.Retrieve;
import org.rayport.dicom.net.dimse.Storage;
import org.rayport.dicom.net.dimse.Verification;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.RoleSelection;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.pools.PacsException;
import org.rayport.pools.PacsQuery;
import org.rayport.pools.PacsSeries;
import org.rayport.pools.PacsStudy;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.RetrieveProgress;

/**
 * The requester side of one PACS: C-ECHO, C-FIND at study, series and image level, C-MOVE to this side's AE title
 * with the PACS's progress counts, and C-GET as the fallback when the PACS refuses the move. Every call opens and
 * releases its own association; failures become {@link PacsException}s saying in plain words what went wrong.
 *
 * <p>The C-MOVE loop is written here rather than taken from {@code Retrieve.move}, which reports only the final
 * counts: a pool shows the pending counts (completed, remaining, failed) while a large study arrives.
 */
final class PacsClient {

    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final List<String> UNCOMPRESSED = List.of(EXPLICIT_LE, IMPLICIT_LE);
    /** Offered for C-GET beside the uncompressed syntaxes, so that the PACS can send its compressed originals. */
    private static final List<String> COMPRESSED = List.of(TransferSyntax.JPEG_LOSSLESS_SV1,
                    TransferSyntax.JPEG_LS_LOSSLESS, TransferSyntax.JPEG_2000_LOSSLESS, TransferSyntax.RLE_LOSSLESS,
                    TransferSyntax.JPEG_BASELINE, TransferSyntax.JPEG_EXTENDED, TransferSyntax.JPEG_2000)
            .stream().map(TransferSyntax::uid).toList();
    /** Storage SOP classes proposed for a C-GET when the PACS does not say which classes a study holds. */
    private static final List<String> COMMON_STORAGE = List.of(Uids.CT_IMAGE_STORAGE, Uids.MR_IMAGE_STORAGE,
            Uids.COMPUTED_RADIOGRAPHY_IMAGE_STORAGE, Uids.DIGITAL_X_RAY_IMAGE_STORAGE_FOR_PRESENTATION,
            Uids.ULTRASOUND_IMAGE_STORAGE, Uids.ULTRASOUND_MULTI_FRAME_IMAGE_STORAGE, Uids.SECONDARY_CAPTURE_IMAGE_STORAGE,
            Uids.X_RAY_ANGIOGRAPHIC_IMAGE_STORAGE, Uids.NUCLEAR_MEDICINE_IMAGE_STORAGE,
            Uids.POSITRON_EMISSION_TOMOGRAPHY_IMAGE_STORAGE, Uids.DIGITAL_MAMMOGRAPHY_X_RAY_IMAGE_STORAGE_FOR_PRESENTATION,
            Uids.ENCAPSULATED_PDF_STORAGE, Uids.BASIC_TEXT_SR_STORAGE, Uids.ENHANCED_SR_STORAGE,
            Uids.COMPREHENSIVE_SR_STORAGE, Uids.GRAYSCALE_SOFTCOPY_PRESENTATION_STATE_STORAGE,
            Uids.KEY_OBJECT_SELECTION_DOCUMENT_STORAGE, Uids.RT_STRUCTURE_SET_STORAGE, Uids.RT_DOSE_STORAGE,
            Uids.RT_PLAN_STORAGE, Uids.VL_PHOTOGRAPHIC_IMAGE_STORAGE, Uids.SEGMENTATION_STORAGE);
    private static final int MAX_CONTEXTS = 128;
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private static final Tag LEVEL = Tag.named("QueryRetrieveLevel");
    private static final Tag STUDY_UID = Tags.STUDY_INSTANCE_UID;
    private static final Tag SERIES_UID = Tags.SERIES_INSTANCE_UID;

    private final PoolSettings.QueryRetrieve pacs;
    private final Retrieve.Connector connector;

    PacsClient(PoolSettings.QueryRetrieve pacs, Retrieve.Connector connector) {
        this.pacs = pacs;
        this.connector = connector;
    }

    void echo() {
        run(List.of(new PresentationContext(1, Uids.VERIFICATION, List.of(IMPLICIT_LE))), null, association -> {
            int status = Verification.echo(association, 1);
            if (status != Commands.SUCCESS) {
                throw new PacsException(PacsException.Reason.REFUSED, "The PACS answered the echo with status "
                        + hex(status));
            }
            return null;
        });
    }

    List<PacsStudy> findStudies(PacsQuery query) {
        Map<String, PacsStudy> studies = new LinkedHashMap<>();
        for (String name : nameVariants(query)) {
            Attributes keys = studyKeys(query, name);
            for (Attributes match : find(keys, query.limit() - studies.size())) {
                PacsStudy study = study(match);
                if (study != null) {
                    studies.putIfAbsent(study.studyInstanceUid(), study);
                }
            }
            if (studies.size() >= query.limit()) {
                break;
            }
        }
        return List.copyOf(studies.values());
    }

    /** As typed, and upper-cased when that differs and the PACS matches case-sensitively. */
    static List<String> nameVariants(PacsQuery query) {
        Set<String> names = new LinkedHashSet<>();
        names.add(query.patientName() == null ? "" : query.patientName());
        if (query.caseSensitivePacs() && query.patientName() != null) {
            names.add(query.patientName().toUpperCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }

    List<PacsSeries> findSeries(String studyInstanceUid) {
        requireUid("studyInstanceUid", studyInstanceUid);
        Attributes keys = Attributes.builder()
                .setString(LEVEL, Vr.CS, "SERIES")
                .setString(STUDY_UID, Vr.UI, studyInstanceUid)
                .setString(SERIES_UID, Vr.UI)
                .setString(Tags.MODALITY, Vr.CS)
                .setString(Tags.SERIES_NUMBER, Vr.IS)
                .setString(Tag.named("SeriesDescription"), Vr.LO)
                .setString(Tag.named("BodyPartExamined"), Vr.CS)
                .setString(Tag.named("NumberOfSeriesRelatedInstances"), Vr.IS)
                .build();
        List<PacsSeries> series = new ArrayList<>();
        for (Attributes match : find(keys, PacsQuery.MAX_LIMIT * 10)) {
            String uid = match.getString(SERIES_UID);
            if (uid != null) {
                series.add(new PacsSeries(studyInstanceUid, uid, text(match, Tags.MODALITY),
                        integer(match, Tags.SERIES_NUMBER), text(match, Tag.named("SeriesDescription")),
                        text(match, Tag.named("BodyPartExamined")),
                        integer(match, Tag.named("NumberOfSeriesRelatedInstances"))));
            }
        }
        return series;
    }

    /** SOP Class UID of each instance of a study or series, as an image-level C-FIND lists them. */
    List<String> instanceClasses(String studyInstanceUid, String seriesInstanceUid) {
        Attributes.Builder keys = Attributes.builder()
                .setString(LEVEL, Vr.CS, "IMAGE")
                .setString(STUDY_UID, Vr.UI, studyInstanceUid)
                .setString(SERIES_UID, Vr.UI, seriesInstanceUid == null ? new String[0]
                        : new String[] {seriesInstanceUid})
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI)
                .setString(Tags.SOP_CLASS_UID, Vr.UI);
        if (seriesInstanceUid == null) {
            // Study root needs the series UID at image level: list the series first.
            List<String> classes = new ArrayList<>();
            for (PacsSeries series : findSeries(studyInstanceUid)) {
                classes.addAll(instanceClasses(studyInstanceUid, series.seriesInstanceUid()));
            }
            return classes;
        }
        List<String> classes = new ArrayList<>();
        for (Attributes match : find(keys.build(), Integer.MAX_VALUE)) {
            classes.add(match.getString(Tags.SOP_CLASS_UID, ""));
        }
        return classes;
    }

    private List<Attributes> find(Attributes keys, int limit) {
        List<PresentationContext> contexts = List.of(new PresentationContext(1, Uids.STUDY_ROOT_QR_FIND, UNCOMPRESSED));
        return run(contexts, null, association -> {
            List<Attributes> matches = new ArrayList<>();
            int status = Query.findWhile(association, Uids.STUDY_ROOT_QR_FIND, keys, 1, match -> {
                matches.add(match);
                return matches.size() < limit;
            });
            if (status != Commands.SUCCESS && status != Commands.CANCEL) {
                throw new PacsException(PacsException.Reason.REFUSED, "The PACS refused the search (C-FIND status "
                        + hex(status) + (status == Commands.IDENTIFIER_DOES_NOT_MATCH
                        ? ": it does not support these search keys" : "") + ")");
            }
            return matches;
        });
    }

    /** The outcome of a C-MOVE: the counts, and the final DIMSE status. */
    record MoveOutcome(RetrieveProgress progress, int status) {
    }

    /**
     * Asks the PACS to C-MOVE the study or series to this side's AE title; the instances arrive on this side's
     * storage SCP, which the caller runs.
     */
    MoveOutcome move(String studyInstanceUid, String seriesInstanceUid, Consumer<RetrieveProgress> progress) {
        List<PresentationContext> contexts = List.of(new PresentationContext(1, Uids.STUDY_ROOT_QR_MOVE, UNCOMPRESSED));
        return run(contexts, null, association -> {
            TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(1)
                    .orElseThrow(() -> new PacsException(PacsException.Reason.REFUSED,
                            "The PACS does not offer C-MOVE (study root)")));
            byte[] command = Commands.encode(Attributes.builder()
                    .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, Uids.STUDY_ROOT_QR_MOVE)
                    .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_MOVE_RQ)
                    .setInt(Commands.MESSAGE_ID, Vr.US, 1)
                    .setInt(Commands.PRIORITY, Vr.US, 0)
                    .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.DATA_SET_PRESENT)
                    .setString(Commands.MOVE_DESTINATION, Vr.AE, pacs.localAeTitle())
                    .build());
            association.send(new Message(1, command, encode(retrieveKeys(studyInstanceUid, seriesInstanceUid),
                    syntax)));
            while (true) {
                Message response = association.receive(Commands::announcesDataSet)
                        .orElseThrow(() -> new AssociationException("The PACS released in the middle of a C-MOVE"));
                Attributes answer = Commands.decode(response.command());
                if (answer.getInt(Commands.COMMAND_FIELD, -1) != Commands.C_MOVE_RSP
                        || answer.getInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, -1) != 1) {
                    throw new AssociationException("The PACS answered the C-MOVE with command 0x"
                            + Integer.toHexString(answer.getInt(Commands.COMMAND_FIELD, -1)));
                }
                int status = answer.getInt(Commands.STATUS, -1);
                boolean pending = status == Commands.PENDING || status == Commands.PENDING_WARNING;
                RetrieveProgress counts = new RetrieveProgress(RetrieveProgress.Method.MOVE,
                        answer.getInt(Commands.COMPLETED_SUBOPERATIONS, 0),
                        answer.getInt(Commands.REMAINING_SUBOPERATIONS, pending ? -1 : 0),
                        answer.getInt(Commands.FAILED_SUBOPERATIONS, 0),
                        answer.getInt(Commands.WARNING_SUBOPERATIONS, 0), !pending, "");
                if (pending) {
                    progress.accept(counts);
                } else {
                    return new MoveOutcome(counts, status);
                }
            }
        });
    }

    /**
     * Asks the PACS to send the study or series on the same association (C-GET), into {@code receiver}.
     *
     * @param classes the SOP class of each instance expected, from {@link #instanceClasses}; empty proposes the
     *                common storage classes
     */
    RetrieveProgress get(String studyInstanceUid, String seriesInstanceUid, List<String> classes,
                         Storage.Receiver receiver, Consumer<RetrieveProgress> progress) {
        Set<String> sopClasses = new LinkedHashSet<>(classes);
        sopClasses.remove("");
        if (sopClasses.isEmpty()) {
            sopClasses.addAll(COMMON_STORAGE);
        }
        List<PresentationContext> contexts = new ArrayList<>();
        contexts.add(new PresentationContext(1, Uids.STUDY_ROOT_QR_GET, UNCOMPRESSED));
        // Each class uncompressed; compressed too while the 128 contexts allow it for every class.
        boolean withCompressed = sopClasses.size() * (1 + COMPRESSED.size()) < MAX_CONTEXTS;
        List<RoleSelection> roles = new ArrayList<>();
        int id = 3;
        for (String sopClass : sopClasses) {
            if (contexts.size() >= MAX_CONTEXTS) {
                break;
            }
            contexts.add(new PresentationContext(id, sopClass, UNCOMPRESSED));
            id += 2;
            if (withCompressed) {
                for (String syntax : COMPRESSED) {
                    contexts.add(new PresentationContext(id, sopClass, List.of(syntax)));
                    id += 2;
                }
            }
            roles.add(new RoleSelection(sopClass, true, true));
        }
        int expected = classes.size();
        int[] counts = new int[2];
        Storage.Receiver counting = (incoming, dataSet) -> {
            int status = receiver.store(incoming, dataSet);
            counts[status == Commands.SUCCESS ? 0 : 1]++;
            progress.accept(new RetrieveProgress(RetrieveProgress.Method.GET, counts[0],
                    expected == 0 ? -1 : Math.max(0, expected - counts[0] - counts[1]), counts[1], 0, false, ""));
            return status;
        };
        return run(contexts, roles, association -> {
            Retrieve.Outcome outcome = Retrieve.get(association, Uids.STUDY_ROOT_QR_GET,
                    retrieveKeys(studyInstanceUid, seriesInstanceUid), 1, counting);
            int remaining = expected == 0 ? 0 : Math.max(0, expected - outcome.completed() - outcome.failed()
                    - outcome.warnings());
            return new RetrieveProgress(RetrieveProgress.Method.GET, outcome.completed(), remaining,
                    outcome.failed(), outcome.warnings(), true, outcome.succeeded() ? ""
                    : "the PACS ended the C-GET with status " + hex(outcome.status()));
        });
    }

    private static Attributes retrieveKeys(String studyInstanceUid, String seriesInstanceUid) {
        requireUid("studyInstanceUid", studyInstanceUid);
        Attributes.Builder keys = Attributes.builder()
                .setString(LEVEL, Vr.CS, seriesInstanceUid == null ? "STUDY" : "SERIES")
                .setString(STUDY_UID, Vr.UI, studyInstanceUid);
        if (seriesInstanceUid != null) {
            requireUid("seriesInstanceUid", seriesInstanceUid);
            keys.setString(SERIES_UID, Vr.UI, seriesInstanceUid);
        }
        return keys.build();
    }

    private static void requireUid(String what, String uid) {
        if (uid == null || uid.length() > 64 || !uid.matches("[0-9]+(\\.[0-9]+)*")) {
            throw new IllegalArgumentException(what + " is not a DICOM UID: '" + uid + "'");
        }
    }

    static Attributes studyKeys(PacsQuery query, String patientName) {
        Attributes.Builder keys = Attributes.builder()
                .setString(LEVEL, Vr.CS, "STUDY")
                .setString(STUDY_UID, Vr.UI)
                .setString(Tags.PATIENT_NAME, Vr.PN, patientName)
                .setString(Tags.PATIENT_ID, Vr.LO, nullToEmpty(query.patientId()))
                .setString(Tags.PATIENT_BIRTH_DATE, Vr.DA)
                .setString(Tags.PATIENT_SEX, Vr.CS)
                .setString(Tags.STUDY_DATE, Vr.DA, dateRange(query.studyDateFrom(), query.studyDateTo()))
                .setString(Tags.STUDY_TIME, Vr.TM)
                .setString(Tags.ACCESSION_NUMBER, Vr.SH, nullToEmpty(query.accessionNumber()))
                .setString(Tag.named("StudyDescription"), Vr.LO)
                .setString(Tag.named("ModalitiesInStudy"), Vr.CS, nullToEmpty(query.modality()))
                .setString(Tag.named("NumberOfStudyRelatedSeries"), Vr.IS)
                .setString(Tag.named("NumberOfStudyRelatedInstances"), Vr.IS);
        if (!patientName.chars().allMatch(c -> c < 0x80)) {
            // A name beyond ASCII is sent in UTF-8, and the character set says so.
            keys.setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192");
        }
        return keys.build();
    }

    /** DA range matching (PS3.4 C.2.2.2.5): from-to, either end open. */
    static String dateRange(LocalDate from, LocalDate to) {
        if (from == null && to == null) {
            return "";
        }
        if (from != null && from.equals(to)) {
            return from.format(DA);
        }
        return (from == null ? "" : from.format(DA)) + "-" + (to == null ? "" : to.format(DA));
    }

    private static PacsStudy study(Attributes match) {
        String uid = match.getString(STUDY_UID);
        if (uid == null) {
            return null;
        }
        return new PacsStudy(uid, text(match, Tags.PATIENT_NAME), text(match, Tags.PATIENT_ID),
                date(match, Tags.PATIENT_BIRTH_DATE), text(match, Tags.PATIENT_SEX), date(match, Tags.STUDY_DATE),
                time(match, Tags.STUDY_TIME), text(match, Tags.ACCESSION_NUMBER),
                text(match, Tag.named("StudyDescription")),
                match.getStrings(Tag.named("ModalitiesInStudy")).stream().filter(m -> !m.isEmpty()).toList(),
                integer(match, Tag.named("NumberOfStudyRelatedSeries")),
                integer(match, Tag.named("NumberOfStudyRelatedInstances")));
    }

    private static String text(Attributes match, Tag tag) {
        return match.getString(tag, "");
    }

    /** A PACS may send anything in an answer: what cannot be read is left out rather than failing the search. */
    private static LocalDate date(Attributes match, Tag tag) {
        try {
            return match.getDate(tag);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static LocalTime time(Attributes match, Tag tag) {
        try {
            return match.getTime(tag);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static Integer integer(Attributes match, Tag tag) {
        try {
            int[] values = match.getInts(tag);
            return values.length == 0 ? null : values[0];
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static byte[] encode(Attributes dataSet, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Part10Writer.of(syntax).writeDataSet(dataSet, bytes);
        return bytes.toByteArray();
    }

    static String hex(int status) {
        return String.format(Locale.ROOT, "0x%04X", status);
    }

    @FunctionalInterface
    private interface Exchange<T> {
        T with(Association association) throws IOException;
    }

    private <T> T run(List<PresentationContext> contexts, List<RoleSelection> roles, Exchange<T> exchange) {
        UserInformation user = connector.userInformation();
        if (roles != null) {
            user = new UserInformation(user.maxPduLength(), user.implementationClassUid(),
                    user.implementationVersionName(), null, null, roles);
        }
        InetSocketAddress address = new InetSocketAddress(pacs.pacsHost(), pacs.pacsPort());
        if (address.isUnresolved()) {
            throw new PacsException(PacsException.Reason.UNREACHABLE, "PACS unreachable: the host name '"
                    + pacs.pacsHost() + "' does not resolve");
        }
        Association association;
        try {
            association = Association.request(address, new AssociateRequest(AeTitle.of(pacs.pacsAeTitle()),
                    AeTitle.of(pacs.localAeTitle()), contexts, user), connector.timeout(), connector.tls());
        } catch (IOException failed) {
            throw explain(failed);
        }
        try (association) {
            T result = exchange.with(association);
            association.release();
            return result;
        } catch (IOException failed) {
            association.abort();
            throw new PacsException(PacsException.Reason.REFUSED, "The exchange with the PACS at " + where()
                    + " broke off: " + failed.getMessage(), failed);
        }
    }

    /** Why an association could not be had, in the words an administrator needs to fix it. */
    PacsException explain(IOException failed) {
        String message = failed.getMessage() == null ? failed.toString() : failed.getMessage();
        Throwable cause = failed instanceof AssociationException && failed.getCause() != null ? failed.getCause() : failed;
        if (cause instanceof ConnectException) {
            return new PacsException(PacsException.Reason.UNREACHABLE, "PACS unreachable: nothing answers at "
                    + where() + " (" + cause.getMessage() + ")", failed);
        }
        if (cause instanceof UnknownHostException) {
            return new PacsException(PacsException.Reason.UNREACHABLE, "PACS unreachable: the host name '"
                    + pacs.pacsHost() + "' does not resolve", failed);
        }
        if (cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException
                || message.startsWith("No answer from")) {
            return new PacsException(PacsException.Reason.UNREACHABLE, "PACS unreachable: no answer from "
                    + where() + " within " + connector.timeout().toSeconds() + " s", failed);
        }
        if (message.contains("called AE title not recognized")) {
            return new PacsException(PacsException.Reason.REJECTED, "The PACS at " + where()
                    + " rejected the association: it does not answer as AE title '" + pacs.pacsAeTitle()
                    + "' (called AE title not recognized); check the PACS AE title", failed);
        }
        if (message.contains("calling AE title not recognized")) {
            return new PacsException(PacsException.Reason.REJECTED, "The PACS at " + where()
                    + " rejected the association: it does not know this pool's AE title '" + pacs.localAeTitle()
                    + "' (calling AE title not recognized); register it on the PACS", failed);
        }
        if (message.contains("rejected")) {
            return new PacsException(PacsException.Reason.REJECTED, "The PACS at " + where()
                    + " rejected the association: " + message.substring(message.indexOf(':') + 1).strip(), failed);
        }
        return new PacsException(PacsException.Reason.UNREACHABLE, "PACS unreachable at " + where() + ": " + message,
                failed);
    }

    private String where() {
        return pacs.pacsAeTitle() + "@" + pacs.pacsHost() + ":" + pacs.pacsPort();
    }
}
