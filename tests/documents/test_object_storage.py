"""Uploaded materials kept in an S3-compatible object store, the production backend
(django-storages' S3Storage, as used with MinIO or OSS), against a real S3 server
process on loopback (moto's server mode): stored under their hash, read back verified,
stored once however often they are uploaded, and a corrupted object is refused."""

import hashlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tongban.core.permissions import SYSTEM
from tongban.documents.services import document_read, document_store

pytestmark = pytest.mark.django_db

BUCKET = "tongban-test"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
CREDENTIALS = {
    "aws_access_key_id": "tongban",
    "aws_secret_access_key": "tongban-secret",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(  # noqa: S603 - the S3 counterpart of the tests
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the S3 server did not start") from None
            time.sleep(0.2)
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def s3(s3_endpoint: str) -> Iterator[object]:
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "region_name": "us-east-1",
                "file_overwrite": False,
                "default_acl": None,
                "addressing_style": "path",
            },
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=storages):
        yield boto3.client(
            "s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS
        )


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("营业执照.png", PNG, content_type="image/png")


def test_a_material_is_stored_in_the_bucket_under_its_hash(s3) -> None:
    stored = document_store(actor=SYSTEM, upload=_upload())
    digest = hashlib.sha256(PNG).hexdigest()
    body = s3.get_object(Bucket=BUCKET, Key=stored.storage_name)["Body"].read()
    assert body == PNG
    assert digest in stored.storage_name
    assert document_read(stored=stored) == PNG


def test_the_same_bytes_are_stored_once(s3) -> None:
    first = document_store(actor=SYSTEM, upload=_upload())
    second = document_store(actor=SYSTEM, upload=_upload())
    assert first.storage_name == second.storage_name
    keys = s3.list_objects_v2(Bucket=BUCKET, Prefix="documents/")["Contents"]
    assert [k["Key"] for k in keys].count(first.storage_name) == 1


def test_an_object_changed_in_the_store_is_refused_on_reading(s3) -> None:
    stored = document_store(actor=SYSTEM, upload=_upload())
    s3.put_object(Bucket=BUCKET, Key=stored.storage_name, Body=PNG + b"tampered")
    with pytest.raises(OSError, match="does not match its hash"):
        document_read(stored=stored)
