package org.rayport.client.internal.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.auth.DeviceRequired;
import org.rayport.auth.Session;
import org.rayport.client.internal.InvalidParameter;
import org.rayport.client.internal.Parameters;
import org.rayport.client.internal.TransferChoice;
import org.rayport.dicom.codec.PixelDataException;
import org.rayport.dicom.codec.Rendering;
import org.rayport.dicom.codec.Transcoder;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolService;
import org.rayport.rest.RestApi;
import org.rayport.store.DatasetIndex;
import org.rayport.store.FirstOfSeries;
import org.rayport.store.InstanceNotFoundException;
import org.rayport.store.InstanceStore;
import org.rayport.store.OpenInstance;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client reads of one pool: a study with its series, the instances of a series, an instance as DICOM (as
 * stored, lossless or lossy JPEG), an instance rendered as PNG or JPEG, and a whole study as ZIP. A pool the caller
 * may not see answers exactly as a pool without the data does (404), so nobody learns what others' pools hold.
 *
 * <p>Downloads stream: the stored file is decrypted segment by segment into the response, transcoding holds one frame
 * at a time, and every store stream is closed in {@code finally}, also when the client goes away, which frees its
 * read lease.
 */
@Component(service = ClientPoolsResource.class)
@JaxrsResource
@JaxrsName("rayport.client.pools")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/client/pools")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_USER)
@DeviceRequired
public class ClientPoolsResource {

    public static final String DICOM = "application/dicom";
    public static final String ZIP = "application/zip";
    /** The transfer syntax UID of the file sent. */
    public static final String TRANSFER_SYNTAX_HEADER = "X-Rayport-Transfer-Syntax";

    /** Threads that encode archive entries: one per core, the writing thread being mostly waiting on them. */
    private static final int ENCODERS = Runtime.getRuntime().availableProcessors();

    private static final Logger LOG = LoggerFactory.getLogger(ClientPoolsResource.class);

    private final DatasetIndex index;
    private final InstanceStore store;
    private final PoolService pools;
    /** Encode archive entries ahead of the writing thread (see {@link ArchiveStream}); shared by all downloads. */
    private final ExecutorService encoders;

    @Context
    HttpServletRequest request;

    @Activate
    public ClientPoolsResource(@Reference DatasetIndex index, @Reference InstanceStore store,
                               @Reference PoolService pools) {
        this.index = index;
        this.store = store;
        this.pools = pools;
        AtomicInteger threads = new AtomicInteger();
        this.encoders = Executors.newFixedThreadPool(ENCODERS, task -> {
            Thread thread = new Thread(task, "rayport-archive-encoder-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() {
        encoders.shutdownNow();
    }

    @GET
    @Path("/{pool}/studies/{study}")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public ClientDtos.StudyDetailDto study(@PathParam("pool") String pool, @PathParam("study") String study) {
        StudyRecord record = visibleStudy(pool, study);
        return new ClientDtos.StudyDetailDto(ClientDtos.StudyDto.of(record),
                index.series(pool, study).stream().map(ClientDtos.SeriesDto::of).toList());
    }

    @GET
    @Path("/{pool}/series/{series}/instances")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public List<ClientDtos.InstanceDto> instances(@PathParam("pool") String pool, @PathParam("series") String series) {
        visiblePool(pool, "series " + series);
        List<StoredInstance> instances = index.instances(pool, series);
        if (instances.isEmpty()) {
            throw ClientErrors.notFound("series " + series, pool);
        }
        return instances.stream().map(ClientDtos.InstanceDto::of).toList();
    }

    /** The instance as Part 10 in the syntax {@link TransferChoice} picks; header {@value #TRANSFER_SYNTAX_HEADER}. */
    @GET
    @Path("/{pool}/instances/{sop}")
    @Produces({DICOM, MediaType.APPLICATION_JSON})
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response instance(@PathParam("pool") String pool, @PathParam("sop") String sop,
                             @QueryParam("transfer") String transfer) {
        TransferChoice.Transfer requested;
        try {
            requested = TransferChoice.Transfer.of(transfer);
        } catch (InvalidParameter refused) {
            throw ClientErrors.badParameter(refused);
        }
        Pool visible = visiblePool(pool, "instance " + sop);
        TransferSyntax target;
        TransferSyntax stored;
        long storedSize;
        // A first, short read of the header decides; the body reopens the instance, so that a response never
        // written (the client gone before) holds no lease.
        try (OpenInstance open = store.open(pool, sop)) {
            DicomFile file = open.file();
            stored = file.transferSyntax();
            storedSize = open.instance().sizeBytes();
            target = TransferChoice.choose(requested, stored, TransferChoice.Pixels.of(file.dataset()),
                    visible.options().allowJpeg());
        } catch (InstanceNotFoundException e) {
            throw ClientErrors.notFound("instance " + sop, pool);
        } catch (TransferChoice.LossyNotAllowed refused) {
            throw ClientErrors.error(403, refused.getMessage(), "transfer");
        } catch (IOException e) {
            throw ClientErrors.internal("Reading instance " + sop + " of pool " + pool, e);
        }
        boolean asStored = target.uid().equals(stored.uid());
        StreamingOutput body = asStored ? out -> {
            try (InputStream in = store.openStream(pool, sop)) {
                in.transferTo(out);
            }
        } : out -> {
            try (OpenInstance open = store.open(pool, sop)) {
                DicomFile file = open.file();
                Transcoder.to(target).write(file.dataset(), file.transferSyntax(), out);
            } catch (PixelDataException e) {
                LOG.warn("Instance {} of pool {} could not be sent as {}: {}", sop, pool, target.name(),
                        e.getMessage());
                throw e;
            }
        };
        Response.ResponseBuilder answer = Response.ok(body, DICOM).header(TRANSFER_SYNTAX_HEADER, target.uid())
                .header("Content-Disposition", "attachment; filename=\"" + safeFileName(sop) + ".dcm\"");
        if (asStored) {
            answer.header("Content-Length", storedSize);
        }
        return answer.build();
    }

    @GET
    @Path("/{pool}/instances/{sop}/rendered")
    @Produces({"image/png", "image/jpeg", MediaType.APPLICATION_JSON})
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response rendered(@PathParam("pool") String pool, @PathParam("sop") String sop,
                             @QueryParam("format") String format, @QueryParam("frame") String frame,
                             @QueryParam("windowCenter") String windowCenter,
                             @QueryParam("windowWidth") String windowWidth, @QueryParam("size") String size) {
        Rendering rendering;
        int frameNumber;
        try {
            rendering = renderingOf(format, windowCenter, windowWidth, size);
            frameNumber = Parameters.integer("frame", frame, 1, 1, Integer.MAX_VALUE);
        } catch (InvalidParameter refused) {
            throw ClientErrors.badParameter(refused);
        }
        visiblePool(pool, "instance " + sop);
        ByteArrayOutputStream picture = new ByteArrayOutputStream();
        try (OpenInstance open = store.open(pool, sop)) {
            DicomFile file = open.file();
            if (!file.dataset().contains(Tags.PIXEL_DATA)) {
                throw ClientErrors.error(422, "Instance " + sop + " has no pixel data to render", null);
            }
            int frames = file.dataset().getInt(Tags.NUMBER_OF_FRAMES, 1);
            if (frameNumber > frames) {
                throw ClientErrors.error(400, "frame must be 1.." + frames + " for this instance, not " + frameNumber,
                        "frame");
            }
            rendering.withFrame(frameNumber - 1).write(file.dataset(), file.transferSyntax(), picture);
        } catch (InstanceNotFoundException e) {
            throw ClientErrors.notFound("instance " + sop, pool);
        } catch (PixelDataException e) {
            throw ClientErrors.error(422, "Instance " + sop + " cannot be rendered: " + e.getMessage(), null);
        } catch (IOException e) {
            throw ClientErrors.internal("Rendering instance " + sop + " of pool " + pool, e);
        }
        return Response.ok(picture.toByteArray(), rendering.format().mediaType()).build();
    }

    /** Every instance of the study, one ZIP entry {@code series/sop.dcm} each, written as it is read. */
    @GET
    @Path("/{pool}/studies/{study}/archive")
    @Produces({ZIP, MediaType.APPLICATION_JSON})
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response archive(@PathParam("pool") String pool, @PathParam("study") String study,
                            @QueryParam("transfer") String transfer) {
        TransferChoice.Transfer requested = transferOf(transfer);
        Pool visible = visiblePool(pool, "study " + study);
        index.study(pool, study).orElseThrow(() -> ClientErrors.notFound("study " + study, pool));
        List<StoredInstance> instances = new ArrayList<>();
        for (SeriesRecord series : index.series(pool, study)) {
            instances.addAll(index.instances(pool, series.seriesInstanceUid()));
        }
        if (instances.isEmpty()) {
            throw ClientErrors.notFound("study " + study, pool);
        }
        StoredInstance first = instances.get(0);
        FirstOfSeries firstFile = new FirstOfSeries() {
            @Override
            public StoredInstance instance() {
                return first;
            }

            @Override
            public InputStream openStream() throws IOException {
                return store.openStream(pool, first.sopInstanceUid());
            }
        };
        return zip(visible, firstFile, () -> instances, requested, study);
    }

    /** Every instance of the series, one ZIP entry {@code series/sop.dcm} each, written as it is read. */
    @GET
    @Path("/{pool}/series/{series}/archive")
    @Produces({ZIP, MediaType.APPLICATION_JSON})
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response seriesArchive(@PathParam("pool") String pool, @PathParam("series") String series,
                                  @QueryParam("transfer") String transfer) {
        TransferChoice.Transfer requested = transferOf(transfer);
        Pool visible = visiblePool(pool, "series " + series);
        // Only the first instance (and its file) before answering: the whole list is read while the first entry goes
        // out.
        FirstOfSeries first = store.firstOfSeries(pool, series)
                .orElseThrow(() -> ClientErrors.notFound("series " + series, pool));
        return zip(visible, first, () -> index.instances(pool, series), requested, series);
    }

    private static TransferChoice.Transfer transferOf(String transfer) {
        try {
            return TransferChoice.Transfer.of(transfer);
        } catch (InvalidParameter refused) {
            throw ClientErrors.badParameter(refused);
        }
    }

    /** The ZIP of {@code instances}, each in the syntax {@link TransferChoice} picks for it: {@link ArchiveStream}. */
    private Response zip(Pool pool, FirstOfSeries first, Supplier<List<StoredInstance>> instances,
                         TransferChoice.Transfer requested, String name) {
        boolean allowJpeg = pool.options().allowJpeg();
        if (requested == TransferChoice.Transfer.JPEG && !allowJpeg) {
            throw ClientErrors.error(403, "This pool does not allow lossy JPEG; ask for lossless, auto or original",
                    "transfer");
        }
        StreamingOutput body = new ArchiveStream(store, encoders, ENCODERS + 1, pool.id(), first, instances,
                requested, allowJpeg);
        return Response.ok(body, ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + safeFileName(name) + ".zip\"").build();
    }

    private static Rendering renderingOf(String format, String windowCenter, String windowWidth, String size) {
        Rendering rendering = Rendering.defaults();
        if (format != null && !format.isBlank()) {
            try {
                rendering = rendering.withFormat(Rendering.Format.of(format.strip()));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameter("format", e.getMessage());
            }
        }
        double center = Parameters.number("windowCenter", windowCenter);
        double width = Parameters.number("windowWidth", windowWidth);
        if (Double.isNaN(center) != Double.isNaN(width)) {
            throw new InvalidParameter(Double.isNaN(center) ? "windowCenter" : "windowWidth",
                    "windowCenter and windowWidth go together: give both or neither");
        }
        if (!Double.isNaN(center)) {
            if (width < 1) {
                throw new InvalidParameter("windowWidth", "windowWidth must be at least 1, not " + width);
            }
            rendering = rendering.withWindow(center, width);
        }
        return rendering.withMaxSize(Parameters.integer("size", size, Rendering.MAX_SIZE, 1, Rendering.MAX_SIZE));
    }

    private Pool visiblePool(String pool, String what) {
        Session session = (Session) request.getAttribute(Session.REQUEST_ATTRIBUTE);
        if (!pools.visibleTo(session.userId()).contains(pool)) {
            throw ClientErrors.notFound(what, pool);
        }
        return pools.pool(pool).orElseThrow(() -> ClientErrors.notFound(what, pool));
    }

    private StudyRecord visibleStudy(String pool, String study) {
        visiblePool(pool, "study " + study);
        return index.study(pool, study).orElseThrow(() -> ClientErrors.notFound("study " + study, pool));
    }

    /** UIDs are digits and dots; anything else a path parameter brings is kept out of headers and entry names. */
    static String safeFileName(String uid) {
        return uid.replaceAll("[^0-9A-Za-z._-]", "_");
    }
}
