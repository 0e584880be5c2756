# List all NSM components
kubectl get pods -n nsm-system

# Check nsmgr logs
kubectl logs -n nsm-system -l app=nsmgr

# View registry contents
kubectl logs -n nsm-system -l app=nsm-registry
