package io.ferstream.trainer.network;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

import io.ferstream.platform.config.InvalidConfigException;

/** The networks {@code fer train} can train, by the name a model card and a release carry. */
public enum Architecture {

    /** The original network, exactly ({@link SeedNetwork}). */
    SEED("seed", "stem Conv3x3(32)-BN-ReLU; residual blocks 64, 128, 256 (two Conv3x3-BN with ReLU between, "
            + "1x1 conv shortcut, add, ReLU, max-pool 2); GAP; Dense 256-ReLU-Dropout 0.5; Dense 7", SeedNetwork::new),

    /** A small ResNet that trains faster on a CPU ({@link ResNetwork}). */
    RESNET("resnet", "stem Conv3x3(32)-BN-ReLU at 48x48; stages of two basic blocks (Conv3x3-BN-ReLU-Conv3x3-BN, "
            + "add, ReLU): 64 at 24x24, 128 at 12x12, 256 at 6x6, the first of each strided with a 1x1 conv-BN shortcut; "
            + "GAP; Dense 256-ReLU-Dropout 0.5; Dense 7", ResNetwork::new),

    /** The resnet's layout at a sixth of its cost, for many cheap models ({@link SmallResNetwork}). */
    SMALL("small", "resnet's layout narrowed: stem Conv3x3(16), stages of two basic blocks 24 at 24x24, 48 at 12x12, "
            + "96 at 6x6; GAP; Dense 256-ReLU-Dropout 0.5; Dense 7", SmallResNetwork::new);

    private final String id;
    private final String description;
    private final Supplier<FerNetwork> factory;

    Architecture(String id, String description, Supplier<FerNetwork> factory) {
        this.id = id;
        this.description = description;
        this.factory = factory;
    }

    /** The name in model cards, releases and {@code --architecture}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** A new, uninitialised network of this architecture. */
    public FerNetwork create() {
        return factory.get();
    }

    /** The architecture named {@code id} (case-insensitive). */
    public static Architecture of(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidConfigException("architecture", id, "one of " + ids()));
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Architecture::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
