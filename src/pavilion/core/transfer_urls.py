# TEMPORARY placeholder until the import/export pages land (helper-1 replaces this file).
from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("", lambda r: HttpResponse("todo"), name="transfer-home")]
