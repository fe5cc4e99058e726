"""components/intent_classifier.py: Rasa's logistic regression, saved as numpy arrays and read
back with the same probabilities; a model without them fails to load, loudly."""

import tarfile

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from scipy.sparse import csr_matrix

from components.intent_classifier import ARRAYS_FILE, LogisticRegressionIntentClassifier


def _component(storage, resource):
    config = LogisticRegressionIntentClassifier.get_default_config()
    context = ExecutionContext(GraphSchema({}), node_name=resource.name)
    return (
        config,
        context,
        LogisticRegressionIntentClassifier.create(config, storage, resource, context),
    )


def test_saved_arrays_give_the_same_probabilities(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_classifier")
    config, context, trained = _component(storage, resource)
    rng = np.random.default_rng(0)
    features = csr_matrix(rng.integers(0, 3, size=(60, 12)))
    intents = [("faq_indication", "out_of_scope", "greet")[i % 3] for i in range(60)]
    trained.clf.fit(features, intents)
    trained.persist()

    loaded = LogisticRegressionIntentClassifier.load(config, storage, resource, context)

    assert list(loaded.clf.classes_) == ["faq_indication", "greet", "out_of_scope"]
    np.testing.assert_allclose(
        loaded.clf.predict_proba(features), trained.clf.predict_proba(features)
    )


def test_a_model_without_the_arrays_fails_to_load(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_classifier")
    config, context, _ = _component(storage, resource)
    with storage.write_to(resource):
        pass  # the resource exists, its arrays do not
    with pytest.raises(FileNotFoundError):
        LogisticRegressionIntentClassifier.load(config, storage, resource, context)


def test_the_trained_model_holds_arrays_not_a_pickle(model):
    with tarfile.open(model) as archive:
        names = archive.getnames()
    assert any(name.endswith(ARRAYS_FILE) for name in names)
    assert not any(name.endswith((".skops", ".pkl")) for name in names)
