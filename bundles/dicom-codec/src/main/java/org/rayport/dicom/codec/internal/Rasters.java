package org.rayport.dicom.codec.internal;

import java.awt.image.Raster;
import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/** Copies the samples of a decoded raster into DICOM's little endian, pixel-interleaved layout. */
final class Rasters {

    private Rasters() {
    }

    static void copy(Raster raster, ImagePixelDescription d, byte[] out) throws PixelDataException {
        if (raster.getWidth() != d.columns() || raster.getHeight() != d.rows()
                || raster.getNumBands() != d.samplesPerPixel()) {
            throw new PixelDataException("the compressed frame is " + raster.getWidth() + " x " + raster.getHeight()
                    + " with " + raster.getNumBands() + " components; the data set says " + d.columns() + " x "
                    + d.rows() + " with " + d.samplesPerPixel() + " samples per pixel");
        }
        int bytes = d.bytesPerSample();
        int[] row = new int[d.columns() * d.samplesPerPixel()];
        int shift = 32 - d.bitsStored();
        int mask = d.bitsStored() >= 32 ? -1 : (1 << d.bitsStored()) - 1;
        int o = 0;
        for (int y = 0; y < d.rows(); y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, d.columns(), 1, row);
            for (int v : row) {
                // Codecs give the stored bits; signed samples are sign-extended beyond Bits Stored, as in native data.
                int sample = d.isSigned() ? (v << shift) >> shift : v & mask;
                out[o] = (byte) sample;
                if (bytes == 2) {
                    out[o + 1] = (byte) (sample >> 8);
                }
                o += bytes;
            }
        }
    }
}
