package org.rayport.webconsole.internal;

/** Escaping for text written into HTML, so that names and messages typed by people cannot inject markup. */
final class Html {

    private Html() {
    }

    /**
     * The text with {@code & < > " '} replaced by entities; safe both between tags and inside an attribute value in
     * double or single quotes. Null becomes the empty string, so that a missing value renders as nothing.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (entity != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(c);
                }
            }
        }
        // Most values contain nothing to escape; returning the original avoids a copy per table cell.
        return out == null ? text : out.toString();
    }
}
