package io.ferstream.trainer;

import io.ferstream.vision.Clahe;
import io.ferstream.vision.GrayImage;

/** Turns raw FER images into model inputs as a {@link Preprocessing} contract says. */
public final class Inputs {

    private Inputs() {
    }

    /** The images after the contract's CLAHE (the same set when it has none). */
    public static ImageSet equalise(ImageSet images, Preprocessing contract) {
        if (!contract.clahe()) {
            return images;
        }
        byte[][] out = new byte[images.size()][];
        try (Clahe clahe = new Clahe(contract.claheClipLimit(), contract.claheTiles(), contract.claheTiles())) {
            for (int i = 0; i < out.length; i++) {
                out[i] = clahe.apply(GrayImage.of(ImageSet.SIDE, ImageSet.SIDE, images.pixels()[i])).pixels();
            }
        }
        return new ImageSet(out, images.labels());
    }

    /**
     * Images {@code from .. to} of an already equalised set, each seen through {@code view} and
     * scaled, as one flat batch (for a single grey channel NCHW and NHWC hold the same order).
     */
    public static float[] batch(ImageSet equalised, int from, int to, Preprocessing contract, TtaView view) {
        float[] lut = new float[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = contract.scale(v);
        }
        float[] out = new float[(to - from) * ImageSet.AREA];
        for (int i = from; i < to; i++) {
            byte[] p = view.equals(TtaView.ORIGINAL) ? equalised.pixels()[i] : view.of(equalised.pixels()[i], ImageSet.SIDE);
            int o = (i - from) * ImageSet.AREA;
            for (int k = 0; k < ImageSet.AREA; k++) {
                out[o + k] = lut[p[k] & 0xFF];
            }
        }
        return out;
    }
}
