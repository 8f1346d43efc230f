# kes for the distributed mode in docker-compose.yml: every part runs from this one image.
FROM node:20-bookworm
WORKDIR /kes
COPY . .
RUN npm ci --no-audit --no-fund
ENV PATH="/kes/bin:${PATH}"
