"""A stand-in for api.github.com, served by Playwright's router (nothing leaves the machine):
just enough for Decap's GitHub backend to log in a fake editor with write access and open
the collection (every other call answers 404, which Decap handles as an empty repository)."""

from __future__ import annotations

from dataclasses import dataclass, field

API = "https://api.github.com"
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*", "Access-Control-Allow-Methods": "*"}
LOGIN = "redacteur"
# What Decap keeps in localStorage after a GitHub login (our code stores no token itself).
STORED_USER_SCRIPT = (
    "localStorage.setItem('decap-cms-user', JSON.stringify("
    f"{{backendName: 'github', token: 'test-token', login: '{LOGIN}', name: 'Redacteur'}}))"
)


@dataclass
class GitHubStub:
    repo: str  # owner/name, as in beheer/config.yml
    served: list[str] = field(default_factory=list)

    def answer(self, path: str) -> tuple[int, dict]:
        owner = self.repo.split("/")[0]
        if path == "/user":
            return 200, {"login": LOGIN, "name": "Redacteur", "id": 1, "avatar_url": ""}
        if path == f"/repos/{self.repo}":
            return 200, {"full_name": self.repo, "owner": {"login": owner}, "permissions": {"push": True}}
        if path == f"/repos/{self.repo}/collaborators/{LOGIN}/permission":
            return 200, {"permission": "write", "user": {"login": LOGIN}}
        return 404, {"message": "Not Found"}

    def route(self, route) -> None:
        request = route.request
        self.served.append(request.url)
        if request.method == "OPTIONS":
            route.fulfill(status=204, headers=CORS)
            return
        status, body = self.answer(request.url.removeprefix(API).split("?")[0])
        route.fulfill(status=status, headers=CORS, json=body)
