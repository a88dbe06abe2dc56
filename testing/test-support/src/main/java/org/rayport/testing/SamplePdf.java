package org.rayport.testing;

import java.nio.charset.StandardCharsets;

/**
 * A real, minimal PDF for the tests that turn PDF into Encapsulated PDF: written here rather than kept as a binary
 * resource so that its text can vary per test and its cross-reference table is always right.
 */
public final class SamplePdf {

    private SamplePdf() {
    }

    /**
     * A one-page PDF showing {@code text} in Helvetica, with its cross-reference offsets computed. Odd in length on
     * purpose, so that the padding of the encapsulated document to an even length is exercised.
     */
    public static byte[] onePage(String text) {
        String stream = "BT /F1 12 Tf 20 50 Td (" + text + ") Tj ET";
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
                    + "/Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        int[] offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = pdf.length();
            pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format("%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF");
        if (pdf.length() % 2 == 0) {
            pdf.append('\n');
        }
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
