package org.rayport.dicom.data.internal;

/** Little endian number coding and byte order conversion. */
public final class Bytes {

    private Bytes() {
    }

    /** Reverses each {@code unit}-byte group in {@code b[off, off+len)}; len is a multiple of unit. */
    public static void swap(byte[] b, int off, int len, int unit) {
        if (unit <= 1) {
            return;
        }
        for (int i = off; i + unit <= off + len; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static int i32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    public static long i64(byte[] b, int off) {
        return (i32(b, off) & 0xFFFFFFFFL) | (long) i32(b, off + 4) << 32;
    }

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    public static void put32(byte[] b, int off, int v) {
        put16(b, off, v);
        put16(b, off + 2, v >>> 16);
    }

    public static void put64(byte[] b, int off, long v) {
        put32(b, off, (int) v);
        put32(b, off + 4, (int) (v >>> 32));
    }
}
