package io.ferstream.fetcher.datasets;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ferstream.fetcher.datasets.DatasetSpec.Provenance;
import io.ferstream.fetcher.source.LabelMap;

/**
 * The datasets the product names: FER2013 (Kaggle's msambare image folders) and the supplementary
 * sets of the original project's fetcher (CK+, RAF-DB, AffectNet, JAFFE, ExpW), plus KDEF (not on
 * Kaggle: a local copy).
 *
 * <p>The Kaggle ids are the original project's; no copy's contents were verified here except
 * msambare's (no network while this was built), which the listing says. The layouts follow each
 * dataset's own published format; every class name goes through the label map (unknown ones become
 * dead letters, never a guess). The terms are the original makers' as commonly stated; a Kaggle
 * re-upload does not change them.
 */
public final class DatasetRegistry {

    private final Map<String, DatasetSpec> specs = new LinkedHashMap<>();

    public DatasetRegistry(Collection<DatasetSpec> datasets) {
        for (DatasetSpec spec : datasets) {
            if (specs.putIfAbsent(spec.key(), spec) != null) {
                throw new IllegalArgumentException("duplicate dataset key " + spec.key());
            }
        }
    }

    public static DatasetRegistry standard() {
        LabelMap names = LabelMap.standard();
        String fer = "Goodfellow et al., ICML 2013 representation-learning challenge (Kaggle)";
        String ferTerms = "the Kaggle competition's data rules; research use";
        return new DatasetRegistry(List.of(
                new DatasetSpec("fer2013", "FER2013 (image folders)", "msambare/fer2013",
                        DatasetLayout.MSAMBARE_FOLDERS, names, Map.of(), null, new Provenance(fer, ferTerms, true)),
                new DatasetSpec("fer2013_plus", "FER2013 challenge CSV", "ashishpatel26/facial-expression-recognitionferchallenge",
                        DatasetLayout.FER_CSV, names, Map.of(), null, new Provenance(fer, ferTerms, false)),
                new DatasetSpec("ck_plus", "CK+ (48x48)", "shawon10/ckplus",
                        DatasetLayout.CK_PLUS, names, Map.of(7, "contempt"), null,
                        new Provenance("Lucey, Cohn, Kanade et al. 2010, University of Pittsburgh",
                                "non-commercial research only, under the CK+ agreement", false)),
                new DatasetSpec("raf_db", "RAF-DB (basic)", "shuvoalok/raf-db-dataset",
                        DatasetLayout.RAF_DB, LabelMap.rafDb(), Map.of(), null,
                        new Provenance("Li, Deng and Du 2017, BUPT (whdeng.cn/RAF)",
                                "non-commercial research only, by agreement with the authors", false)),
                new DatasetSpec("affectnet", "AffectNet (FER subset)", "tom99763/affectnet-for-facial-expression-recognition",
                        DatasetLayout.CLASS_FOLDERS, names, Map.of(), null,
                        new Provenance("Mollahosseini, Hasani and Mahoor 2017, University of Denver",
                                "research only, under the AffectNet licence agreement", false)),
                new DatasetSpec("jaffe", "JAFFE", "sujaykapadnis/jaffe",
                        DatasetLayout.JAFFE_FILES, LabelMap.jaffe(), Map.of(), null,
                        new Provenance("Lyons, Kamachi and Gyoba 1998 (zenodo.org/record/3451524)",
                                "non-commercial scientific research only; images may not be redistributed", false)),
                new DatasetSpec("expw", "ExpW", "shuvoalok/expw",
                        DatasetLayout.EXPW_LABELS, LabelMap.expw(), Map.of(), null,
                        new Provenance("Zhang, Luo, Loy and Tang 2018, CUHK MMLab",
                                "non-commercial research only", false)),
                new DatasetSpec("kdef", "KDEF", null,
                        DatasetLayout.KDEF_FILES, LabelMap.kdef(), Map.of(),
                        "request it at https://kdef.se, unzip it (KDEF/AF01/AF01ANS.JPG ...) under <data-dir>/kdef",
                        new Provenance("Lundqvist, Flykt and Öhman 1998, Karolinska Institutet",
                                "non-commercial research, free on request; publication of images restricted", false))));
    }

    public Optional<DatasetSpec> find(String key) {
        return Optional.ofNullable(specs.get(key));
    }

    public Collection<DatasetSpec> all() {
        return specs.values();
    }
}
