package org.rayport.devices.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * QR codes as PNG images, encoded by ZXing's core. ZXing's own image writer lives in its {@code javase} module, which
 * is no OSGi bundle and brings a command-line parser along: drawing the matrix is the few lines below.
 */
final class QrCodes {

    private static final int PIXELS_PER_MODULE = 6;
    private static final int QUIET_ZONE_MODULES = 4;

    private QrCodes() {
    }

    static byte[] png(String text) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN, QUIET_ZONE_MODULES));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Text of " + text.length() + " characters does not fit a QR code", e);
        }
        int width = matrix.getWidth() * PIXELS_PER_MODULE;
        int height = matrix.getHeight() * PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean dark = matrix.get(x / PIXELS_PER_MODULE, y / PIXELS_PER_MODULE);
                image.setRGB(x, y, dark ? 0x000000 : 0xffffff);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) {
                throw new IllegalStateException("The Java runtime has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
