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

    /**
     * The media ranges of an Accept header, most preferred first (by {@code q}, then in the client's order); none is
     * {@code *}{@code /*}.
     * <p>
     * Parsed here rather than taken from JAX-RS {@code HttpHeaders.getAcceptableMediaTypes()}: CXF 3.6 drops an
     * unquoted {@code transfer-syntax=*} and cuts {@code transfer-syntax=1.2.840.10008.1.2.4.70} to {@code 1}, and
     * DICOMweb clients (OHIF, dicomweb-client) send both unquoted. Values are kept without their quotes.
     */
    static List<MediaType> accepted(String acceptHeader) {
        List<MediaType> ranges = new java.util.ArrayList<>();
        List<Double> weights = new java.util.ArrayList<>();
        if (acceptHeader != null) {
            for (String range : splitOutsideQuotes(acceptHeader, ',')) {
                List<String> pieces = splitOutsideQuotes(range, ';');
                String fullType = pieces.get(0).strip();
                if (fullType.isEmpty()) {
                    continue;
                }
                int slash = fullType.indexOf('/');
                if (slash <= 0 || slash == fullType.length() - 1) {
                    throw new DicomWebException(400, "The Accept header has a malformed media range: '"
                            + range.strip() + "'");
                }
                java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();
                double weight = 1;
                for (String parameter : pieces.subList(1, pieces.size())) {
                    int equals = parameter.indexOf('=');
                    if (equals <= 0) {
                        continue;
                    }
                    String name = parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                    String value = unquoted(parameter.substring(equals + 1));
                    parameters.put(name, value);
                    if (name.equals("q")) {
                        try {
                            weight = Double.parseDouble(value);
                        } catch (NumberFormatException e) {
                            throw new DicomWebException(400, "The Accept header has a malformed q value: '"
                                    + value + "'");
                        }
                    }
                }
                ranges.add(new MediaType(fullType.substring(0, slash).strip(), fullType.substring(slash + 1).strip(),
                        parameters));
                weights.add(weight);
            }
        }
        if (ranges.isEmpty()) {
            return List.of(MediaType.WILDCARD_TYPE);
        }
        Integer[] order = new Integer[ranges.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(weights.get(b), weights.get(a)));   // stable: client order kept
        return Arrays.stream(order).map(ranges::get).toList();
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
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
