package io.ferstream.classifier;

import java.util.ArrayList;
import java.util.List;

import io.ferstream.model.Preprocessing;
import io.ferstream.vision.GrayImage;

/**
 * One poll's micro-batch: the face crops of every frame, in frame order, prepared as the model's card
 * says into one tensor, so the model runs once per poll instead of once per face; {@link #split}
 * hands each frame its own rows back. Pure; the crops are not kept.
 */
public final class FaceBatch {

    private final int[] facesPerFrame;
    private final float[] tensor;
    private final int faces;

    private FaceBatch(int[] facesPerFrame, float[] tensor, int faces) {
        this.facesPerFrame = facesPerFrame;
        this.tensor = tensor;
        this.faces = faces;
    }

    /** The batch of {@code cropsPerFrame} (one list per frame, possibly empty) under {@code contract}. */
    public static FaceBatch assemble(List<List<GrayImage>> cropsPerFrame, Preprocessing contract) {
        int[] counts = new int[cropsPerFrame.size()];
        List<GrayImage> all = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            counts[i] = cropsPerFrame.get(i).size();
            all.addAll(cropsPerFrame.get(i));
        }
        float[] tensor = all.isEmpty() ? new float[0] : contract.tensor(List.of(contract.toInputGray(all)));
        return new FaceBatch(counts, tensor, all.size());
    }

    /** Faces in the batch: the {@code n} of the model's input. */
    public int faces() {
        return faces;
    }

    /** The prepared input of all faces, flat in the contract's layout. */
    public float[] tensor() {
        return tensor;
    }

    /** The model's rows ({@code [faces][classes]}) regrouped per frame, in the order the crops came. */
    public List<List<float[]>> split(float[][] rows) {
        if (rows.length != faces) {
            throw new IllegalArgumentException("the model returned " + rows.length + " rows for " + faces + " faces");
        }
        List<List<float[]>> perFrame = new ArrayList<>(facesPerFrame.length);
        int next = 0;
        for (int count : facesPerFrame) {
            List<float[]> frame = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                frame.add(rows[next++]);
            }
            perFrame.add(frame);
        }
        return perFrame;
    }
}
