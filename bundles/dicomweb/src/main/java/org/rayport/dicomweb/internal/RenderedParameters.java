package org.rayport.dicomweb.internal;

import java.util.List;
import java.util.Locale;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;

import org.rayport.dicom.codec.Rendering;

/**
 * The query parameters of a PS3.18 rendered or thumbnail resource (8.3.5.1.3), checked: {@code window=center,width[,
 * function]} (function {@code linear} only), {@code viewport=vw,vh} (the picture is scaled down, keeping its aspect,
 * to fit; never enlarged), {@code quality=1..100}. Anything else, or a malformed value, is a 400 naming the
 * parameter. The output media type (image/jpeg by default, image/png) comes from the Accept header.
 *
 * @param windowCenter NaN when no window was asked for (the data set's own window is used)
 * @param viewportWidth 0 when no viewport was asked for
 * @param quality 0 when not asked for
 */
record RenderedParameters(double windowCenter, double windowWidth, int viewportWidth, int viewportHeight,
                          int quality) {

    static final MediaType JPEG = new MediaType("image", "jpeg");
    static final MediaType PNG = new MediaType("image", "png");
    private static final List<String> KNOWN = List.of("window", "viewport", "quality", "annotation", "charset");

    static RenderedParameters parse(MultivaluedMap<String, String> query) {
        for (String name : query.keySet()) {
            if (!KNOWN.contains(name)) {
                throw DicomWebException.badRequest(name, "'" + name + "' is not a parameter of rendered resources"
                        + " (window, viewport, quality)");
            }
        }
        if (query.containsKey("annotation")) {
            throw DicomWebException.badRequest("annotation", "annotation is not supported: Rayport renders the"
                    + " pixels only");
        }
        double center = Double.NaN;
        double width = Double.NaN;
        String window = single(query, "window");
        if (window != null) {
            String[] parts = window.split(",", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw DicomWebException.badRequest("window", "window must be center,width[,function], not '"
                        + window + "'");
            }
            center = number("window", parts[0], window);
            width = number("window", parts[1], window);
            if (width < 1) {
                throw DicomWebException.badRequest("window", "window width must be at least 1, not " + parts[1]);
            }
            if (parts.length == 3 && !parts[2].strip().toLowerCase(Locale.ROOT).equals("linear")) {
                throw DicomWebException.badRequest("window", "window function '" + parts[2] + "' is not supported:"
                        + " Rayport renders explicit windows with the linear function only");
            }
        }
        int vw = 0;
        int vh = 0;
        String viewport = single(query, "viewport");
        if (viewport != null) {
            String[] parts = viewport.split(",", -1);
            if (parts.length != 2) {
                throw DicomWebException.badRequest("viewport", "viewport must be width,height (cropping with"
                        + " sx,sy,sw,sh is not supported), not '" + viewport + "'");
            }
            vw = positive("viewport", parts[0], viewport);
            vh = positive("viewport", parts[1], viewport);
        }
        int quality = 0;
        String qualityText = single(query, "quality");
        if (qualityText != null) {
            try {
                quality = Integer.parseInt(qualityText.strip());
            } catch (NumberFormatException e) {
                quality = -1;
            }
            if (quality < 1 || quality > 100) {
                throw DicomWebException.badRequest("quality", "quality must be a whole number 1..100, not '"
                        + qualityText + "'");
            }
        }
        return new RenderedParameters(center, width, vw, vh, quality);
    }

    /** The rendering of {@code frameIndex} (from 0) of an image {@code columns} x {@code rows}, at most {@code limit}. */
    Rendering rendering(int frameIndex, int columns, int rows, int limit, MediaType type) {
        Rendering rendering = Rendering.defaults().withFrame(frameIndex)
                .withFormat(PNG.isCompatible(type) ? Rendering.Format.PNG : Rendering.Format.JPEG);
        if (!Double.isNaN(windowCenter)) {
            rendering = rendering.withWindow(windowCenter, windowWidth);
        }
        if (quality > 0) {
            rendering = rendering.withQuality(quality / 100f);
        }
        return rendering.withMaxSize(longestEdge(columns, rows, limit));
    }

    /**
     * The longest output edge that fits the image into the viewport (and {@code limit}) without enlarging it. Rounded
     * down, so that the shorter edge, which the renderer scales by the same factor, stays inside too.
     */
    int longestEdge(int columns, int rows, int limit) {
        int longest = Math.max(1, Math.max(columns, rows));
        double scale = Math.min(1.0, (double) limit / longest);
        if (viewportWidth > 0) {
            scale = Math.min(scale, Math.min((double) viewportWidth / Math.max(1, columns),
                    (double) viewportHeight / Math.max(1, rows)));
        }
        return (int) Math.max(1, Math.min(Rendering.MAX_SIZE, Math.floor(longest * scale + 1e-9)));
    }

    private static String single(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw DicomWebException.badRequest(name, name + " is given " + values.size() + " times");
        }
        return values.get(0);
    }

    private static double number(String name, String text, String whole) {
        try {
            double value = Double.parseDouble(text.strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw DicomWebException.badRequest(name, name + " '" + whole + "': '" + text + "' is not a number");
    }

    private static int positive(String name, String text, String whole) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw DicomWebException.badRequest(name, name + " '" + whole + "': '" + text + "' is not a size in pixels"
                + " (1 or more)");
    }
}
