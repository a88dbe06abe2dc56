package org.rayport.dicom.codec;

/** Conversion between planar configurations 1 (one plane per sample) and 0 (samples of a pixel together). */
final class Planes {

    private Planes() {
    }

    static byte[] interleave(byte[] planar, ImagePixelDescription d) {
        int samples = d.samplesPerPixel();
        int bytes = d.bytesPerSample();
        int pixels = d.rows() * d.columns();
        byte[] out = new byte[planar.length];
        for (int s = 0; s < samples; s++) {
            for (int p = 0; p < pixels; p++) {
                System.arraycopy(planar, (s * pixels + p) * bytes, out, (p * samples + s) * bytes, bytes);
            }
        }
        return out;
    }
}
