package org.rayport.dicomweb.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import javax.ws.rs.core.MediaType;

/**
 * Accept-header negotiation of DICOMweb resources (PS3.18 8.7): the first media range of the client's list (in its
 * order of preference) that one of the resource's offered types satisfies, comparing the {@code type} parameter of
 * {@code multipart/related} too. No match is a 406 naming what the resource offers.
 */
final class Negotiation {

    static final MediaType DICOM_JSON = new MediaType("application", "dicom+json");
    static final MediaType MULTIPART_DICOM = multipart("application/dicom");
    static final MediaType MULTIPART_OCTETS = multipart("application/octet-stream");

    /** What was chosen: the offered type, and the client's media range it satisfied (for its parameters). */
    record Choice(MediaType offered, MediaType accepted) {

        /** A parameter of the client's range, without quotes; null when absent. */
        String acceptedParameter(String name) {
            return unquoted(accepted.getParameters().get(name));
        }
    }

    private Negotiation() {
    }

    static MediaType multipart(String partType) {
        return new MediaType("multipart", "related", java.util.Map.of("type", partType));
    }

    static Choice choose(List<MediaType> accepted, String resource, MediaType... offered) {
        return choose(accepted, resource, (range, candidate) -> true, offered);
    }

    /**
     * Like {@link #choose(List, String, MediaType...)}, but a range is satisfied by an offered type only if
     * {@code servable} agrees too (e.g. the range's transfer-syntax can be delivered), so that a later range of the
     * client's list is tried rather than the answer refused.
     */
    static Choice choose(List<MediaType> accepted, String resource, BiPredicate<MediaType, MediaType> servable,
                         MediaType... offered) {
        for (MediaType range : accepted) {
            if ("0".equals(unquoted(range.getParameters().get("q")))) {
                continue;
            }
            for (MediaType candidate : offered) {
                if (compatible(range, candidate) && servable.test(range, candidate)) {
                    return new Choice(candidate, range);
                }
            }
        }
        throw DicomWebException.notAcceptable(resource + " is served as " + Arrays.stream(offered)
                .map(MediaType::toString).collect(Collectors.joining(" or ")) + "; the Accept header asked for "
                + accepted.stream().map(MediaType::toString).collect(Collectors.joining(", ")));
    }

    static boolean compatible(MediaType range, MediaType candidate) {
        if (!range.isCompatible(candidate)) {
            return false;
        }
        if (range.isWildcardType() || range.isWildcardSubtype()) {
            return true;
        }
        String wanted = unquoted(range.getParameters().get("type"));
        String given = unquoted(candidate.getParameters().get("type"));
        return wanted == null || given == null || wanted.toLowerCase(Locale.ROOT).equals(given.toLowerCase(Locale.ROOT));
    }

    static String unquoted(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
