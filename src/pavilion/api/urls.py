from ninja import NinjaAPI

api = NinjaAPI(title="Pavilion API", version="1", urls_namespace="api")
