package org.rayport.dicom.codec.internal;

/**
 * A Huffman table for JPEG encoding, built from symbol frequencies as ITU-T T.81 Annex K.2 describes (code lengths
 * limited to 16 bits, no code of all ones), with the codes of Annex C.
 */
final class HuffmanTable {

    /** bits[i]: number of codes of length i (1..16). */
    final int[] bits = new int[17];
    final int[] values;
    final int[] code = new int[256];
    final int[] size = new int[256];

    /** {@code codeSizes} of symbols 0..255 and the reserved symbol 256. */
    private HuffmanTable(int[] codeSizes) {
        int[] counts = new int[33];
        int n = 0;
        for (int s = 0; s <= 256; s++) {
            if (codeSizes[s] > 0) {
                counts[codeSizes[s]]++;
                n += s < 256 ? 1 : 0;
            }
        }
        // Figure K.3: shorten codes longer than 16 bits.
        for (int i = 32; i > 16; i--) {
            while (counts[i] > 0) {
                int j = i - 2;
                while (counts[j] == 0) {
                    j--;
                }
                counts[i] -= 2;
                counts[i - 1]++;
                counts[j + 1] += 2;
                counts[j]--;
            }
        }
        int longest = 16;
        while (counts[longest] == 0) {
            longest--;
        }
        counts[longest]--;   // the reserved all-ones code
        System.arraycopy(counts, 0, bits, 0, 17);
        values = new int[n];
        int k = 0;
        for (int length = 1; length <= 32; length++) {
            for (int s = 0; s < 256; s++) {
                if (codeSizes[s] == length) {
                    values[k++] = s;
                }
            }
        }
        // Annex C: canonical codes in the order of values, by length.
        int next = 0;
        k = 0;
        for (int length = 1; length <= 16; length++) {
            for (int i = 0; i < bits[length]; i++) {
                code[values[k]] = next++;
                size[values[k]] = length;
                k++;
            }
            next <<= 1;
        }
    }

    /** The optimal table for {@code frequencies} of symbols 0..255 (at least one non-zero). */
    static HuffmanTable of(long[] frequencies) {
        long[] freq = new long[257];
        System.arraycopy(frequencies, 0, freq, 0, 256);
        freq[256] = 1;   // reserves one code point so that no code is all ones
        int[] codeSize = new int[257];
        int[] others = new int[257];
        java.util.Arrays.fill(others, -1);
        while (true) {
            int v1 = -1;
            int v2 = -1;
            for (int i = 0; i < 257; i++) {   // v1: least frequency; ties go to the larger symbol
                if (freq[i] > 0 && (v1 < 0 || freq[i] <= freq[v1])) {
                    v1 = i;
                }
            }
            for (int i = 0; i < 257; i++) {
                if (freq[i] > 0 && i != v1 && (v2 < 0 || freq[i] <= freq[v2])) {
                    v2 = i;
                }
            }
            if (v2 < 0) {
                break;
            }
            freq[v1] += freq[v2];
            freq[v2] = 0;
            codeSize[v1]++;
            while (others[v1] >= 0) {
                v1 = others[v1];
                codeSize[v1]++;
            }
            others[v1] = v2;
            codeSize[v2]++;
            while (others[v2] >= 0) {
                v2 = others[v2];
                codeSize[v2]++;
            }
        }
        return new HuffmanTable(codeSize);
    }

    /** The DHT segment body: class and id, 16 counts, then the values. */
    void writeDht(JpegWriter out, int tableClass, int id) {
        out.marker(0xC4);
        out.u16(2 + 1 + 16 + values.length);
        out.u8(tableClass << 4 | id);
        for (int i = 1; i <= 16; i++) {
            out.u8(bits[i]);
        }
        for (int v : values) {
            out.u8(v);
        }
    }
}
