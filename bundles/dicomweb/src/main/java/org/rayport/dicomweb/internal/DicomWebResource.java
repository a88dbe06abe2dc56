package org.rayport.dicomweb.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriInfo;

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
import org.rayport.dicom.codec.PixelData;
import org.rayport.dicom.codec.PixelDataException;
import org.rayport.dicom.codec.Rendering;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.BulkDataPolicy;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Header;
import org.rayport.dicom.data.json.DicomJson;
import org.rayport.dicomweb.internal.MultipartReader.MalformedMultipartException;
import org.rayport.pools.PoolService;
import org.rayport.rest.RestApi;
import org.rayport.store.DatasetIndex;
import org.rayport.store.IncomingInstance;
import org.rayport.store.InstanceNotFoundException;
import org.rayport.store.InstanceStore;
import org.rayport.store.InvalidInstanceException;
import org.rayport.store.OpenInstance;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredFiles;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DICOMweb (PS3.18) under {@code /dicomweb}: QIDO-RS search, WADO-RS retrieval of instances, metadata, bulk data,
 * frames (compressed ones decoded, or as stored when asked), rendered frames and thumbnails (through {@link Rendering}, as the client API's
 * {@code /rendered} does), and STOW-RS storage. Client endpoints like {@code /api/v1/client}: every method needs the role user and a
 * device-bound token ({@link DeviceRequired}).
 *
 * <p>A user sees the studies of the pools {@link PoolService#visibleTo} gives; a study held by several of them is
 * answered from the pool whose id sorts first. STOW-RS stores into the first (by id) user-storage pool the user sees.
 */
@Component(service = DicomWebResource.class)
@JaxrsResource
@JaxrsName("rayport.dicomweb")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(DicomWebResource.BASE)
@RolesAllowed(AuthService.ROLE_USER)
@DeviceRequired
public class DicomWebResource {

    static final String BASE = "/dicomweb";

    private static final Logger LOG = LoggerFactory.getLogger(DicomWebResource.class);
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*)){0,63}");
    private static final long INLINE_LIMIT = 1024;
    /** Longest edge of thumbnails, in pixels (PS3.18 leaves the size to the server). */
    static final int THUMBNAIL_SIZE = 128;

    static final Tag FAILURE_REASON = Tag.of(0x0008, 0x1197);
    static final Tag FAILED_SOP_SEQUENCE = Tag.of(0x0008, 0x1198);
    static final Tag REFERENCED_SOP_SEQUENCE = Tag.of(0x0008, 0x1199);
    static final Tag ERROR_COMMENT = Tag.of(0x0000, 0x0902);
    /** PS3.18 10.5.3: processing failure (not DICOM, undecodable), out of resources, study UID mismatch. */
    static final int CANNOT_UNDERSTAND = 0xC000;
    static final int OUT_OF_RESOURCES = 0xA700;
    static final int STUDY_MISMATCH = 0xA900;

    private final DatasetIndex index;
    private final InstanceStore store;
    private final PoolService pools;

    @Context
    HttpServletRequest request;

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders headers;

    @Activate
    public DicomWebResource(@Reference DatasetIndex index, @Reference InstanceStore store,
                            @Reference PoolService pools) {
        this.index = index;
        this.store = store;
        this.pools = pools;
    }

    // ---------------------------------------------------------------------------------------------- QIDO-RS

    @GET
    @Path("/studies")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response searchStudies() {
        QidoQuery query = QidoQuery.parse(QidoQuery.Level.STUDY, uriInfo.getQueryParameters());
        MediaType type = negotiateJson("A QIDO-RS result");
        List<String> visible = visiblePools();
        List<StudyRecord> studies;
        if (!query.studyUids().isEmpty()) {
            studies = query.studyUids().stream().map(uid -> firstStudy(visible, uid)).flatMap(Optional::stream)
                    .filter(query::matches).skip(query.offset()).limit(query.limit()).toList();
        } else if (visible.isEmpty()) {
            studies = List.of();
        } else {
            studies = index.searchStudies(query.toStudyQuery(Set.copyOf(visible))).items().stream()
                    .filter(study -> answeredFrom(visible, study)).toList();
        }
        String base = baseUrl();
        return qidoAnswer(query, type, studies.stream().map(s -> QidoAttributes.study(s, base)).toList());
    }

    @GET
    @Path("/studies/{study}/series")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response searchSeries(@PathParam("study") String study) {
        checkUid("study", study);
        QidoQuery query = QidoQuery.parse(QidoQuery.Level.SERIES, uriInfo.getQueryParameters());
        MediaType type = negotiateJson("A QIDO-RS result");
        String base = baseUrl();
        List<Attributes> found = studyPool(study).map(pool -> index.series(pool, study).stream()
                        .filter(s -> query.modality() == null || query.modality().equals(s.modality()))
                        .filter(s -> query.seriesUids().isEmpty() || query.seriesUids().contains(s.seriesInstanceUid()))
                        .skip(query.offset()).limit(query.limit())
                        .map(s -> QidoAttributes.series(s, base)).toList())
                .orElse(List.of());
        return qidoAnswer(query, type, found);
    }

    @GET
    @Path("/studies/{study}/instances")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response searchStudyInstances(@PathParam("study") String study) {
        return searchInstances(study, null);
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response searchSeriesInstances(@PathParam("study") String study, @PathParam("series") String series) {
        checkUid("series", series);
        return searchInstances(study, series);
    }

    private Response searchInstances(String study, String seriesUid) {
        checkUid("study", study);
        QidoQuery query = QidoQuery.parse(QidoQuery.Level.INSTANCE, uriInfo.getQueryParameters());
        MediaType type = negotiateJson("A QIDO-RS result");
        String base = baseUrl();
        List<Attributes> found = new ArrayList<>();
        Optional<String> pool = studyPool(study);
        if (pool.isPresent()) {
            int skipped = 0;
            for (SeriesRecord series : index.series(pool.get(), study)) {
                if ((seriesUid != null && !seriesUid.equals(series.seriesInstanceUid()))
                        || (!query.seriesUids().isEmpty() && !query.seriesUids().contains(series.seriesInstanceUid()))
                        || (query.modality() != null && !query.modality().equals(series.modality()))) {
                    continue;
                }
                for (StoredInstance instance : index.instances(pool.get(), series.seriesInstanceUid())) {
                    if (!instance.studyInstanceUid().equals(study)
                            || (!query.sopInstanceUids().isEmpty()
                                && !query.sopInstanceUids().contains(instance.sopInstanceUid()))
                            || (!query.sopClassUids().isEmpty()
                                && !query.sopClassUids().contains(instance.sopClassUid()))) {
                        continue;
                    }
                    if (skipped++ < query.offset()) {
                        continue;
                    }
                    if (found.size() < query.limit()) {
                        found.add(QidoAttributes.instance(instance, series, base));
                    }
                }
            }
        }
        return qidoAnswer(query, type, found);
    }

    // ---------------------------------------------------------------------------------------------- WADO-RS

    @GET
    @Path("/studies/{study}")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response retrieveStudy(@PathParam("study") String study) {
        return retrieve(instancesOf(study, null, null));
    }

    @GET
    @Path("/studies/{study}/series/{series}")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response retrieveSeries(@PathParam("study") String study, @PathParam("series") String series) {
        return retrieve(instancesOf(study, series, null));
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response retrieveInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance) {
        return retrieve(instancesOf(study, series, instance));
    }

    @GET
    @Path("/studies/{study}/metadata")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response studyMetadata(@PathParam("study") String study) {
        return metadata(instancesOf(study, null, null));
    }

    @GET
    @Path("/studies/{study}/series/{series}/metadata")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response seriesMetadata(@PathParam("study") String study, @PathParam("series") String series) {
        return metadata(instancesOf(study, series, null));
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/metadata")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response instanceMetadata(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance) {
        return metadata(instancesOf(study, series, instance));
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/bulkdata/{path: .+}")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response bulkData(@PathParam("study") String study, @PathParam("series") String series,
                             @PathParam("instance") String instance, @PathParam("path") String path) throws IOException {
        StoredInstance stored = instancesOf(study, series, instance).get(0);
        Negotiation.Choice choice = Negotiation.choose(acceptedTypes(), "Bulk data",
                Negotiation.MULTIPART_OCTETS, MediaType.APPLICATION_OCTET_STREAM_TYPE);
        long length;
        try (OpenInstance open = store.open(stored.poolId(), stored.sopInstanceUid())) {
            length = binaryElement(open, path).length();
        }
        String partType = MediaType.APPLICATION_OCTET_STREAM + "; transfer-syntax="
                + org.rayport.dicom.data.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        boolean multipart = choice.offered().equals(Negotiation.MULTIPART_OCTETS);
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            try (OpenInstance open = store.open(stored.poolId(), stored.sopInstanceUid());
                 InputStream value = valueStream(binaryElement(open, path))) {
                if (multipart) {
                    MultipartWriter writer = new MultipartWriter(out, boundary);
                    writer.part(partType, value, length);
                    writer.finish();
                } else {
                    value.transferTo(out);
                }
            }
        };
        return Response.ok(body).type(multipart
                ? MultipartWriter.contentType(MediaType.APPLICATION_OCTET_STREAM, boundary)
                : MediaType.APPLICATION_OCTET_STREAM).build();
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response frames(@PathParam("study") String study, @PathParam("series") String series,
                           @PathParam("instance") String instance, @PathParam("frames") String frameList)
            throws IOException {
        StoredInstance stored = instancesOf(study, series, instance).get(0);
        String uncompressed = org.rayport.dicom.data.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        String storedSyntax = stored.transferSyntaxUid();
        String storedType = FrameMediaTypes.of(storedSyntax);
        FrameRequest form = frameRequest(uncompressed, storedSyntax, storedType);
        List<Integer> wanted = FrameLayout.parseFrameList(frameList);
        String boundary = MultipartWriter.newBoundary();
        boolean encapsulated;
        FrameLayout layout = null;
        try (OpenInstance open = store.open(stored.poolId(), stored.sopInstanceUid())) {
            Element pixels = open.file().dataset().element(Tags.PIXEL_DATA)
                    .orElseThrow(() -> DicomWebException.notFound("The instance has no pixel data"));
            encapsulated = pixels.isEncapsulated();
            if (encapsulated) {
                encapsulatedFrames(open, wanted, form.asStored());
            } else {
                if (form.asStored()) {
                    throw new IOException("instance " + stored.sopInstanceUid() + " is indexed as " + storedSyntax
                            + " but its pixel data is native");
                }
                layout = FrameLayout.of(open.file(), wanted);
            }
        }
        String partType = form.asStored() ? form.partType() + "; transfer-syntax=" + storedSyntax
                : MediaType.APPLICATION_OCTET_STREAM + "; transfer-syntax=" + uncompressed;
        FrameLayout nativeLayout = layout;
        StreamingOutput body = out -> {
            try (OpenInstance open = store.open(stored.poolId(), stored.sopInstanceUid())) {
                MultipartWriter writer = new MultipartWriter(out, boundary);
                if (encapsulated) {
                    PixelData pixels = PixelData.of(open.file().dataset(), open.file().transferSyntax());
                    for (int frame : wanted) {
                        if (form.asStored()) {
                            BulkData fragments = pixels.encapsulatedFrame(frame - 1);
                            try (InputStream in = fragments.openStream()) {
                                writer.part(partType, in, fragments.length());
                            }
                        } else {
                            // Decoded one frame at a time: a frame is bounded by ImagePixelDescription.MAX_FRAME_LENGTH.
                            writer.part(partType, pixels.frame(frame - 1));
                        }
                    }
                } else {
                    Element pixels = open.file().dataset().element(Tags.PIXEL_DATA).orElseThrow(
                            () -> new IOException("pixel data vanished from " + stored.sopInstanceUid()));
                    for (int frame : wanted) {
                        try (InputStream value = valueStream(pixels)) {
                            value.skipNBytes(nativeLayout.offsetOf(frame));
                            writer.part(partType, value, nativeLayout.frameLength());
                        }
                    }
                }
                writer.finish();
            }
        };
        return Response.ok(body).type(MultipartWriter.contentType(form.partType(), boundary)).build();
    }

    /** How frames are answered: as stored (compressed) or decoded, and the parts' media type without parameters. */
    private record FrameRequest(boolean asStored, String partType) {
    }

    /**
     * Negotiates a frames answer (PS3.18 8.7.3.5): {@code application/octet-stream} with no transfer-syntax or the
     * uncompressed one is decoded (the default); {@code transfer-syntax=*} or the stored syntax gets compressed frames
     * as stored (a client asking for any syntax is best served without a decode and re-encode); the stored form's own
     * media type ({@code image/jls}, {@code image/jpeg}...) gets them as stored. Ranges that cannot be served are
     * passed over for the client's next one; none servable is a 406.
     */
    private FrameRequest frameRequest(String uncompressed, String storedSyntax, String storedType) {
        List<MediaType> offered = new ArrayList<>(List.of(Negotiation.MULTIPART_OCTETS));
        if (storedType != null) {
            offered.add(Negotiation.multipart(storedType));
        }
        Negotiation.Choice choice;
        try {
            choice = Negotiation.choose(acceptedTypes(), "Frames", (range, candidate) -> {
                String syntax = Negotiation.unquoted(range.getParameters().get("transfer-syntax"));
                if (candidate.equals(Negotiation.MULTIPART_OCTETS)) {
                    return syntax == null || syntax.equals("*") || syntax.equals(uncompressed)
                            || (storedType != null && syntax.equals(storedSyntax));
                }
                return syntax == null || syntax.equals("*") || syntax.equals(storedSyntax);
            }, offered.toArray(MediaType[]::new));
        } catch (DicomWebException notAcceptable) {
            throw DicomWebException.notAcceptable("Frames of this instance are served uncompressed"
                    + " (application/octet-stream; transfer-syntax=" + uncompressed + ")"
                    + (storedType == null ? "" : " or as stored (" + storedType + " or application/octet-stream;"
                    + " transfer-syntax=" + storedSyntax + ", or transfer-syntax=*)")
                    + "; Rayport does not transcode frames into another syntax. The Accept header asked for "
                    + acceptedTypes());
        }
        String partType = Negotiation.unquoted(choice.offered().getParameters().get("type"));
        String syntax = choice.acceptedParameter("transfer-syntax");
        if (choice.offered().equals(Negotiation.MULTIPART_OCTETS)) {
            boolean asStored = storedType != null && syntax != null && !syntax.equals(uncompressed);
            return new FrameRequest(asStored, partType);
        }
        return new FrameRequest(true, partType);
    }

    /**
     * Checks, before the answer starts, that compressed pixel data has its frames mapped to fragments, has the frames
     * asked for, and (to be served decoded) a codec here.
     */
    private static void encapsulatedFrames(OpenInstance open, List<Integer> wanted, boolean asStored) {
        PixelData decoded;
        try {
            decoded = PixelData.of(open.file().dataset(), open.file().transferSyntax());
        } catch (PixelDataException e) {
            throw DicomWebException.notAcceptable("The pixel data is stored compressed (" + open.file().transferSyntax()
                    + ") and cannot be " + (asStored ? "split into frames" : "decoded") + " here: " + e.getMessage()
                    + "; retrieve the instance instead");
        }
        for (int frame : wanted) {
            if (frame > decoded.numberOfFrames()) {
                throw DicomWebException.notFound("Frame " + frame + " does not exist: the instance has "
                        + decoded.numberOfFrames());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- rendered

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/rendered")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response renderedInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance) {
        return rendered(instancesOf(study, series, instance).get(0), 1, Rendering.MAX_SIZE);
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}/rendered")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response renderedFrame(@PathParam("study") String study, @PathParam("series") String series,
                                  @PathParam("instance") String instance, @PathParam("frames") String frameList) {
        return rendered(instancesOf(study, series, instance).get(0), singleFrame(frameList), Rendering.MAX_SIZE);
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/thumbnail")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response instanceThumbnail(@PathParam("study") String study, @PathParam("series") String series,
                                      @PathParam("instance") String instance) {
        return rendered(instancesOf(study, series, instance).get(0), 1, THUMBNAIL_SIZE);
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}/thumbnail")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response frameThumbnail(@PathParam("study") String study, @PathParam("series") String series,
                                   @PathParam("instance") String instance, @PathParam("frames") String frameList) {
        return rendered(instancesOf(study, series, instance).get(0), singleFrame(frameList), THUMBNAIL_SIZE);
    }

    /** The series' representative picture: its middle instance (in index order), first frame. */
    @GET
    @Path("/studies/{study}/series/{series}/thumbnail")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response seriesThumbnail(@PathParam("study") String study, @PathParam("series") String series) {
        List<StoredInstance> instances = instancesOf(study, series, null);
        return rendered(instances.get(instances.size() / 2), 1, THUMBNAIL_SIZE);
    }

    /** The study's representative picture: the middle instance of its first series (in index order). */
    @GET
    @Path("/studies/{study}/thumbnail")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response studyThumbnail(@PathParam("study") String study) {
        List<StoredInstance> instances = instancesOf(study, null, null);
        String firstSeries = instances.get(0).seriesInstanceUid();
        List<StoredInstance> series = instances.stream().filter(i -> i.seriesInstanceUid().equals(firstSeries))
                .toList();
        return rendered(series.get(series.size() / 2), 1, THUMBNAIL_SIZE);
    }

    private static int singleFrame(String frameList) {
        List<Integer> frames = FrameLayout.parseFrameList(frameList);
        if (frames.size() != 1) {
            throw DicomWebException.badRequest("frames", "a rendered frame resource takes one frame number, not '"
                    + frameList + "' (multi-frame media types are not offered)");
        }
        return frames.get(0);
    }

    /**
     * Frame {@code frameNumber} (from 1) rendered as JPEG or PNG, at most {@code limit} pixels on its longest edge.
     * Rendered into memory before the answer starts, so that a pixel error is a status, not a cut-off body; the
     * picture is bounded ({@link Rendering#MAX_SIZE}).
     */
    private Response rendered(StoredInstance stored, int frameNumber, int limit) {
        RenderedParameters parameters = RenderedParameters.parse(uriInfo.getQueryParameters());
        MediaType type = Negotiation.choose(acceptedTypes(), "A rendered image",
                RenderedParameters.JPEG, RenderedParameters.PNG).offered();
        ByteArrayOutputStream picture = new ByteArrayOutputStream();
        try (OpenInstance open = store.open(stored.poolId(), stored.sopInstanceUid())) {
            Attributes dataset = open.file().dataset();
            if (!dataset.contains(Tags.PIXEL_DATA)) {
                throw new DicomWebException(422, "Instance " + stored.sopInstanceUid() + " has no pixel data to"
                        + " render");
            }
            int frames = dataset.getInt(Tags.NUMBER_OF_FRAMES, 1);
            if (frameNumber > frames) {
                throw DicomWebException.notFound("Frame " + frameNumber + " does not exist: the instance has "
                        + frames);
            }
            parameters.rendering(frameNumber - 1, dataset.getInt(Tags.COLUMNS, 1), dataset.getInt(Tags.ROWS, 1),
                    limit, type).write(dataset, open.file().transferSyntax(), picture);
        } catch (InstanceNotFoundException deletedMeanwhile) {
            throw DicomWebException.notFound("Instance " + stored.sopInstanceUid() + " was deleted");
        } catch (PixelDataException cannot) {
            throw new DicomWebException(422, "Instance " + stored.sopInstanceUid() + " cannot be rendered: "
                    + cannot.getMessage());
        } catch (IOException e) {
            LOG.warn("Rendering {} failed", stored.sopInstanceUid(), e);
            throw new DicomWebException(500, "Rendering " + stored.sopInstanceUid() + " failed: " + e.getMessage());
        }
        return Response.ok(picture.toByteArray()).type(type).build();
    }

    private Response retrieve(List<StoredInstance> instances) {
        Negotiation.Choice choice = Negotiation.choose(acceptedTypes(), "Instances",
                Negotiation.MULTIPART_DICOM);
        String syntax = choice.acceptedParameter("transfer-syntax");
        if (syntax != null && !syntax.equals("*")) {
            for (StoredInstance instance : instances) {
                if (!instance.transferSyntaxUid().equals(syntax)) {
                    throw DicomWebException.notAcceptable("Rayport sends instances in the transfer syntax they were"
                            + " stored in and does not transcode: " + instance.sopInstanceUid() + " is "
                            + instance.transferSyntaxUid() + ", not " + syntax + " (ask for transfer-syntax=*)");
                }
            }
        }
        String boundary = MultipartWriter.newBoundary();
        // One thread decrypts and writes, with one copy buffer: reading ahead on more threads (into whole-file arrays,
        // which G1 allocates as humongous objects) measured no faster on 2 cores and multiplied the garbage.
        StreamingOutput body = out -> {
            MultipartWriter writer = new MultipartWriter(out, boundary);
            // One index query for all the files (instancesOf lists one pool), not one per file.
            StoredFiles files = store.files(instances.get(0).poolId(),
                    instances.stream().map(StoredInstance::sopInstanceUid).toList());
            for (StoredInstance instance : instances) {
                String partType = "application/dicom; transfer-syntax=" + instance.transferSyntaxUid();
                try (InputStream in = files.openStream(instance.sopInstanceUid())) {
                    writer.part(partType, in);
                } catch (InstanceNotFoundException deletedMeanwhile) {
                    LOG.info("WADO-RS left out {}: deleted while the answer was written", instance.sopInstanceUid());
                }
            }
            writer.finish();
        };
        return Response.ok(body).type(MultipartWriter.contentType("application/dicom", boundary)).build();
    }

    private Response metadata(List<StoredInstance> instances) {
        MediaType type = negotiateJson("Metadata");
        String base = baseUrl();
        StreamingOutput body = out -> {
            String[] bulkDataBase = new String[1];
            BulkDataPolicy policy = BulkDataPolicy.referenceAbove(INLINE_LIMIT, path -> bulkDataBase[0] + path);
            try (DicomJson.ArrayWriter array = DicomJson.arrayWriter(out, policy)) {
                for (StoredInstance instance : instances) {
                    try (OpenInstance open = store.open(instance.poolId(), instance.sopInstanceUid())) {
                        bulkDataBase[0] = QidoAttributes.instanceUrl(base, instance.studyInstanceUid(),
                                instance.seriesInstanceUid(), instance.sopInstanceUid()) + "/bulkdata/";
                        array.write(open.file().dataset().toBuilder()
                                .setString(QidoAttributes.AVAILABLE_TRANSFER_SYNTAX_UID, Vr.UI,
                                        open.file().transferSyntax().uid())
                                .build());
                    } catch (InstanceNotFoundException deletedMeanwhile) {
                        LOG.info("WADO-RS metadata left out {}: {}", instance.sopInstanceUid(),
                                deletedMeanwhile.getMessage());
                    }
                }
            }
        };
        return Response.ok(body).type(type).build();
    }

    /** The element at a bulk data path such as {@code 7FE00010} or {@code 00540016/0/00181072}, checked. */
    private static Element binaryElement(OpenInstance open, String path) {
        String[] steps = path.split("/");
        Attributes attrs = open.file().dataset();
        Element element = null;
        for (int i = 0; i < steps.length; i++) {
            Tag tag;
            try {
                tag = Tag.parse(steps[i]);
            } catch (IllegalArgumentException e) {
                throw DicomWebException.badRequest("path", "bulk data path '" + path + "': '" + steps[i]
                        + "' is not a tag of 8 hex digits");
            }
            element = attrs.element(tag).orElseThrow(() -> DicomWebException.notFound("The instance has no "
                    + "element at bulk data path '" + path + "'"));
            if (i + 1 < steps.length) {
                if (!element.isSequence()) {
                    throw DicomWebException.notFound("Bulk data path '" + path + "': " + tag + " is not a sequence");
                }
                int item;
                try {
                    item = Integer.parseInt(steps[++i]);
                } catch (NumberFormatException e) {
                    throw DicomWebException.badRequest("path", "bulk data path '" + path + "': '" + steps[i]
                            + "' is not an item index");
                }
                if (item < 0 || item >= element.sequence().items().size()) {
                    throw DicomWebException.notFound("Bulk data path '" + path + "': item " + item + " does not exist");
                }
                attrs = element.sequence().items().get(item);
            }
        }
        if (element.isEncapsulated()) {
            throw DicomWebException.notAcceptable("The pixel data is stored compressed ("
                    + open.file().transferSyntax() + "); Rayport serves bulk data uncompressed only and does not"
                    + " decompress it here: retrieve the instance instead");
        }
        if (element.isSequence() || !(element.isBulkData() || isBinary(element.vr()))) {
            throw DicomWebException.notFound("Bulk data path '" + path + "' names " + element.tag() + " "
                    + element.vr() + ", which is no bulk data");
        }
        return element;
    }

    private static boolean isBinary(Vr vr) {
        return vr == Vr.OB || vr == Vr.OW || vr == Vr.OD || vr == Vr.OF || vr == Vr.OL || vr == Vr.OV
                || vr == Vr.UN;
    }

    static InputStream valueStream(Element element) throws IOException {
        return element.isBulkData() ? element.bulkData().openStream() : new ByteArrayInputStream(element.bytes());
    }

    // ---------------------------------------------------------------------------------------------- STOW-RS

    @POST
    @Path("/studies")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response storeInstances(InputStream body) throws IOException {
        return stow(null, body);
    }

    @POST
    @Path("/studies/{study}")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response storeStudyInstances(@PathParam("study") String study, InputStream body) throws IOException {
        checkUid("study", study);
        return stow(study, body);
    }

    private Response stow(String study, InputStream body) throws IOException {
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        MediaType type = contentType == null ? null : MediaType.valueOf(contentType);
        if (type == null || !type.getType().equalsIgnoreCase("multipart")
                || !type.getSubtype().equalsIgnoreCase("related")) {
            throw new DicomWebException(415, "STOW-RS takes multipart/related; type=\"application/dicom\", not "
                    + contentType);
        }
        String partType = Negotiation.unquoted(type.getParameters().get("type"));
        if (partType != null && !partType.equalsIgnoreCase("application/dicom")) {
            throw new DicomWebException(415, "STOW-RS here takes Part 10 files (type=\"application/dicom\"); "
                    + partType + " is not supported");
        }
        String pool = userStoragePool();
        String base = baseUrl();
        StowOutcome outcome = new StowOutcome(base, study);
        int parts;
        try {
            parts = MultipartReader.read(body, contentType, (index, mimeType, content) ->
                    storePart(pool, study, index, mimeType, content, outcome));
        } catch (MalformedMultipartException malformed) {
            if (outcome.isEmpty()) {
                throw DicomWebException.badRequest(null, malformed.getMessage());
            }
            outcome.failed(null, null, CANNOT_UNDERSTAND, malformed.getMessage());
            parts = -1;
        }
        if (parts == 0) {
            throw DicomWebException.badRequest(null, "The multipart body has no parts");
        }
        LOG.info("STOW-RS by {} into pool {}: {}", session().userId(), pool, outcome);
        StreamingOutput answer = out -> DicomJson.write(outcome.toAttributes(), out, BulkDataPolicy.inlineAll());
        return Response.status(outcome.status()).entity(answer).type(Negotiation.DICOM_JSON).build();
    }

    private void storePart(String pool, String study, int index, String mimeType, InputStream content,
                           StowOutcome outcome) throws IOException {
        String part = "part " + (index + 1);
        if (!mimeType.equalsIgnoreCase("application/dicom")) {
            outcome.failed(null, null, CANNOT_UNDERSTAND, part + " is " + mimeType + ", not application/dicom");
            return;
        }
        Part10Header header;
        try {
            header = Part10Header.read(content);
        } catch (Part10Header.NotPart10Exception e) {
            outcome.failed(null, null, CANNOT_UNDERSTAND, part + ": " + e.getMessage());
            return;
        }
        if (study != null) {
            Optional<StoredInstance> existing = store.find(pool, header.sopInstanceUid());
            if (existing.isPresent() && !existing.get().studyInstanceUid().equals(study)) {
                outcome.failed(header.sopClassUid(), header.sopInstanceUid(), STUDY_MISMATCH, part
                        + ": the instance belongs to study " + existing.get().studyInstanceUid() + ", not " + study);
                return;
            }
        }
        StoredInstance stored;
        try {
            stored = store.store(pool, new IncomingInstance(header.sopClassUid(), header.sopInstanceUid(),
                    header.transferSyntax(), null), content);
        } catch (InvalidInstanceException invalid) {
            outcome.failed(header.sopClassUid(), header.sopInstanceUid(), CANNOT_UNDERSTAND,
                    part + ": " + invalid.getMessage());
            return;
        } catch (IOException storage) {
            LOG.warn("STOW-RS could not store {} into pool {}", header.sopInstanceUid(), pool, storage);
            outcome.failed(header.sopClassUid(), header.sopInstanceUid(), OUT_OF_RESOURCES,
                    part + ": storing failed: " + storage.getMessage());
            return;
        }
        if (study != null && !study.equals(stored.studyInstanceUid())) {
            // Stored, then found to belong elsewhere: the request named another study, so nothing of it stays.
            store.deleteInstance(pool, stored.sopInstanceUid());
            outcome.failed(header.sopClassUid(), header.sopInstanceUid(), STUDY_MISMATCH, part
                    + ": its StudyInstanceUID " + stored.studyInstanceUid() + " is not the target study " + study);
            return;
        }
        outcome.stored(stored);
    }

    /** The first (by id) user-storage pool the caller sees; none is a 409. */
    private String userStoragePool() {
        return pools.uploadPoolOf(session().userId()).orElseThrow(() -> new DicomWebException(409, "You have no user-storage pool to store into: an"
                        + " administrator must create one (type userstorage) and grant it to you or your group"));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private List<MediaType> acceptedTypes() {
        return Negotiation.accepted(headers.getHeaderString(HttpHeaders.ACCEPT));
    }

    private Session session() {
        return (Session) request.getAttribute(Session.REQUEST_ATTRIBUTE);
    }

    private List<String> visiblePools() {
        return List.copyOf(new TreeSet<>(pools.visibleTo(session().userId())));
    }

    /** The pool whose copy of the study is answered: the first (by id) visible pool holding it. */
    private Optional<String> studyPool(String study) {
        return firstStudy(visiblePools(), study).map(StudyRecord::poolId);
    }

    private Optional<StudyRecord> firstStudy(List<String> sortedPools, String study) {
        for (String pool : sortedPools) {
            Optional<StudyRecord> found = index.study(pool, study);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Whether this record is the copy answered for its study: no visible pool sorting before it holds the study. */
    private boolean answeredFrom(List<String> sortedPools, StudyRecord study) {
        for (String pool : sortedPools) {
            if (pool.equals(study.poolId())) {
                return true;
            }
            if (index.study(pool, study.studyInstanceUid()).isPresent()) {
                return false;
            }
        }
        return false;
    }

    /** The instances a WADO-RS path names, in series and instance order; 404 when the caller sees none. */
    private List<StoredInstance> instancesOf(String study, String series, String instance) {
        checkUid("study", study);
        if (series != null) {
            checkUid("series", series);
        }
        if (instance != null) {
            checkUid("instance", instance);
        }
        String pool = studyPool(study).orElseThrow(() -> DicomWebException.notFound("No study " + study
                + " in the pools you may see"));
        List<StoredInstance> found = new ArrayList<>();
        for (SeriesRecord record : index.series(pool, study)) {
            if (series != null && !series.equals(record.seriesInstanceUid())) {
                continue;
            }
            for (StoredInstance stored : index.instances(pool, record.seriesInstanceUid())) {
                if (stored.studyInstanceUid().equals(study)
                        && (instance == null || instance.equals(stored.sopInstanceUid()))) {
                    found.add(stored);
                }
            }
        }
        if (found.isEmpty()) {
            throw DicomWebException.notFound(instance != null ? "No instance " + instance + " in series " + series
                    + " of study " + study : "No series " + series + " in study " + study);
        }
        return found;
    }

    private static void checkUid(String field, String uid) {
        if (uid.length() > 64 || !UID.matcher(uid).matches()) {
            throw DicomWebException.badRequest(field, "'" + uid + "' is not a UID (digits and dots, at most 64)");
        }
    }

    private MediaType negotiateJson(String what) {
        return Negotiation.choose(acceptedTypes(), what, Negotiation.DICOM_JSON,
                MediaType.APPLICATION_JSON_TYPE).offered();
    }

    private String baseUrl() {
        String base = uriInfo.getBaseUri().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + BASE;
    }

    /**
     * The JSON array of a QIDO-RS result; an empty result is 200 with {@code []} (PS3.18 allows 204 too: an empty
     * array is what clients parse without a special case).
     */
    private static Response qidoAnswer(QidoQuery query, MediaType type, List<Attributes> results) {
        StreamingOutput body = out -> DicomJson.writeArray(results, out, BulkDataPolicy.inlineAll());
        Response.ResponseBuilder answer = Response.ok(body).type(type);
        if (query.limitLowered()) {
            answer.header("Warning", "299 rayport \"The limit was lowered to " + query.limit() + "\"");
        }
        if (query.fuzzyMatchingRequested()) {
            answer.header("Warning", "299 rayport \"The fuzzymatching parameter is not supported and was ignored\"");
        }
        return answer.build();
    }

    /** What a STOW-RS request stored and refused, as the response's data set. */
    static final class StowOutcome {
        private final String baseUrl;
        private final String study;
        private final List<Attributes> referenced = new ArrayList<>();
        private final List<Attributes> failed = new ArrayList<>();
        private final Set<String> studies = new TreeSet<>();

        StowOutcome(String baseUrl, String study) {
            this.baseUrl = baseUrl;
            this.study = study;
        }

        void stored(StoredInstance instance) {
            studies.add(instance.studyInstanceUid());
            referenced.add(Attributes.builder()
                    .setString(Tags.REFERENCED_SOP_CLASS_UID, Vr.UI, instance.sopClassUid())
                    .setString(Tags.REFERENCED_SOP_INSTANCE_UID, Vr.UI, instance.sopInstanceUid())
                    .setString(QidoAttributes.RETRIEVE_URL, Vr.UR, QidoAttributes.instanceUrl(baseUrl,
                            instance.studyInstanceUid(), instance.seriesInstanceUid(), instance.sopInstanceUid()))
                    .build());
        }

        void failed(String sopClass, String sopInstance, int reason, String message) {
            Attributes.Builder item = Attributes.builder()
                    .setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
                    .setInt(FAILURE_REASON, Vr.US, reason)
                    .setString(ERROR_COMMENT, Vr.LO, message.length() > 64 ? message.substring(0, 64) : message);
            if (sopClass != null) {
                item.setString(Tags.REFERENCED_SOP_CLASS_UID, Vr.UI, sopClass);
            }
            if (sopInstance != null) {
                item.setString(Tags.REFERENCED_SOP_INSTANCE_UID, Vr.UI, sopInstance);
            }
            failed.add(item.build());
            messages.add(message);
        }

        private final List<String> messages = new ArrayList<>();

        boolean isEmpty() {
            return referenced.isEmpty() && failed.isEmpty();
        }

        /** 200 everything stored, 202 some stored, 409 nothing stored (PS3.18 10.5.3). */
        int status() {
            if (failed.isEmpty()) {
                return 200;
            }
            return referenced.isEmpty() ? 409 : 202;
        }

        Attributes toAttributes() {
            Attributes.Builder answer = Attributes.builder();
            String retrieveStudy = study != null ? study : studies.size() == 1 ? studies.iterator().next() : null;
            if (retrieveStudy != null) {
                answer.setString(QidoAttributes.RETRIEVE_URL, Vr.UR, QidoAttributes.studyUrl(baseUrl, retrieveStudy));
            }
            if (!failed.isEmpty()) {
                answer.setSequence(FAILED_SOP_SEQUENCE, failed.toArray(Attributes[]::new));
            }
            if (!referenced.isEmpty()) {
                answer.setSequence(REFERENCED_SOP_SEQUENCE, referenced.toArray(Attributes[]::new));
            }
            return answer.build();
        }

        @Override
        public String toString() {
            return referenced.size() + " stored, " + failed.size() + " failed" + (messages.isEmpty() ? ""
                    : " " + messages);
        }
    }
}
