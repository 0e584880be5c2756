# List network services
kubectl get networkservices

# Describe a network service
kubectl describe networkservice isolated-network

# Check NSE endpoints
kubectl get pods -l app=nse-isolated -o wide
