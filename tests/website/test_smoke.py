def test_home_page_renders_in_dutch(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert b'lang="nl"' in response.content
